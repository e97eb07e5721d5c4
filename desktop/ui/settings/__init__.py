"""Desk settings (admin only): desk name, office, language, operators."""
