"""Importing a pre-registration list: preview, column mapping, progress, report."""
