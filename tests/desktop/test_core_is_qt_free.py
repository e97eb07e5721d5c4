"""The core must work without Qt: the CLI, HQ, tests and benchmarks use it from plain Python."""

import subprocess
import sys

CORE_MODULES = [
    "desktop.core.attendance", "desktop.core.db", "desktop.core.demo", "desktop.core.desk",
    "desktop.core.identity", "desktop.core.importers.preregistration", "desktop.core.models",
    "desktop.core.names", "desktop.core.offices", "desktop.core.operators", "desktop.core.registry",
    "desktop.cli", "desktop.cli.core_cmds", "sync.outbox", "sync.protocol",
]  # fmt: skip


def test_core_imports_without_pyside6():
    code = (
        "import sys\n"
        f"for name in {CORE_MODULES!r}: __import__(name)\n"
        "import desktop.cli; desktop.cli.build_parser()\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(leaked)\n"
        "sys.exit(1 if leaked else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[]"
