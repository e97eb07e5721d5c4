"""The desk window (Qt). Views lay out and style; controllers wire their signals to the core.

Only ``desktop/app.py`` imports this package. Background work goes through ``worker.py``; plain
data for the views comes from ``services.py`` (Qt-free, so tests and benchmarks use it too).
"""
