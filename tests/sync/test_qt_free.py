"""The sync client and the desk's sync service work without Qt (STYLE.md rule 1), and the client
does not reach into desktop/ (docs/ARCHITECTURE.md: sync.client -> sync.protocol, sync.outbox)."""

import subprocess
import sys

MODULES = ["sync.client", "sync.outbox", "sync.lease", "sync.bundle", "desktop.core.sync_service",
           "desktop.core.sync_pull", "desktop.cli.sync_cmd"]  # fmt: skip


def test_sync_imports_without_qt_and_the_client_without_desktop():
    code = (
        "import sys\n"
        "import sync.client, sync.outbox, sync.lease\n"
        "desk = sorted(m for m in sys.modules if m == 'desktop' or m.startswith('desktop.'))\n"
        f"for name in {MODULES!r}: __import__(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(desk, qt)\n"
        "sys.exit(1 if desk or qt else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
