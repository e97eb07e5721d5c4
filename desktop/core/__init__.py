"""Hadir's core: models, rules and services. Nothing here imports Qt (tests/desktop/test_core_is_qt_free.py)."""
