"""python -m desktop.cli"""

from desktop.cli import main

raise SystemExit(main())
