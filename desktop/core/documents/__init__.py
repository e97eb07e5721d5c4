"""Printed documents: certificate templates and batches, the daftar hadir, attendance exports.

Nothing here imports Qt: the window, ``hadir-cli``, the tests and the benchmarks all call the same
functions, the window from a worker thread (they take progress and cancel callables for that).
"""
