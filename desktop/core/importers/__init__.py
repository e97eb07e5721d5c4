"""Importers: pre-registration lists (CSV/XLSX); online attendance later."""
