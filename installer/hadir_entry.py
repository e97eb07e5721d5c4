"""The frozen bundle's one entry point: `hadir` opens the window, `hadir-cli` (a link to the same
executable on Linux, a second executable on Windows) runs the command line.

One executable instead of two on Linux keeps a single copy of the Python archive in the bundle
(14 MB less in the download).
"""

import multiprocessing
import sys
from pathlib import Path

# First of all: a spawned copy of this executable drawing certificate pages (issue 20,
# sync/documents/render_pool.py) becomes that worker here, before a window or a command starts.
multiprocessing.freeze_support()

if Path(sys.argv[0]).name.lower().removesuffix(".exe") == "hadir-cli":
    from desktop.cli import main
else:
    from desktop.app import main

raise SystemExit(main())
