"""Hadir's core: models and rules. Nothing here imports Qt, the window or the CLI
(tests/test_architecture.py)."""
