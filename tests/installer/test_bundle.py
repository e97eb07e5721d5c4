"""The frozen bundle (`make dist`) runs from anywhere with no virtual environment (issue 8).

Marked slow: it builds the bundle with PyInstaller (about a minute), copies it out of the source
tree and runs hadir-cli demo, certificates render and hadir --screenshot from there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    # Built outside the checkout: `make test` leaves no build/ or dist/ behind (issue 14).
    out = tmp_path_factory.mktemp("bundle-build")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    sizes = json.loads(result.stdout.strip().splitlines()[-1])
    assert sizes["within_budget"], sizes
    target = tmp_path_factory.mktemp("elsewhere")
    with tarfile.open(sizes["archive"]) as archive:
        # Extraction filters arrived in Python 3.11.4; Debian 12's Python is 3.11.2.
        safe = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}
        archive.extractall(target, **safe)  # our own archive, just built
    return target / "hadir"


def _clean_env(home: Path) -> dict[str, str]:
    """No virtual environment, no source tree: only the system's own programs on PATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "VIRTUAL_ENV",
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHON_KEYRING_BACKEND",
            "HADIR_TEST_KEYRING_DIR",
        }
    }
    # The bundle finds its own keyring (none on this machine), so the database key is wrapped by
    # the recovery passphrase, given here the way a scripted run gives it.
    env.update(
        PATH="/usr/bin:/bin",
        HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        HADIR_DB_PASSPHRASE="bundle smoke test passphrase",
    )
    return env


def test_bundle_runs_outside_the_source_tree(bundle: Path, tmp_path: Path):
    env = _clean_env(tmp_path)
    data = tmp_path / "data"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(bundle / args[0]), "--data-dir", str(data), *args[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result

    demo = json.loads(
        run("hadir-cli", "demo", "--participants", "150", "--attended", "60", "--json")
        .stdout.strip()
        .splitlines()[-1]
    )
    pdf = tmp_path / "sertifikat.pdf"
    rendered = json.loads(
        run(
            "hadir-cli",
            "certificates",
            "render",
            "--event",
            demo["event_id"],
            "--out",
            str(pdf),
            "--json",
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    assert rendered["pages"] > 0 and pdf.read_bytes().startswith(b"%PDF")
    status = json.loads(run("hadir-cli", "key", "status", "--json").stdout.strip().splitlines()[-1])
    assert status["database"] == "encrypted" and status["recovery_passphrase"] is True
    assert not (data / "hadir.db").read_bytes().startswith(b"SQLite format 3")
    shot = tmp_path / "desk.png"
    run("hadir", "--screenshot", str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")
    # Nothing of the source tree or the virtual environment was used.
    assert not str(bundle).startswith(str(ROOT))
    assert shutil.which("hadir-cli", path=env["PATH"]) is None
