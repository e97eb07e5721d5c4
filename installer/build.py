"""`make dist`: build the one-folder bundle with PyInstaller, add the Linux desktop entry, pack the
archive, and state the size budget (dist/hadir/ <= 150 MB, archive <= 60 MB on Linux).

Prints one JSON line with the sizes; exits non-zero when the budget is broken.
`--dist DIR` and `--work DIR` put the bundle and PyInstaller's scratch folder elsewhere (the tests
build into a temporary folder so that `make test` leaves no build/ or dist/ in the checkout).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_FOLDER_MB = 150
BUDGET_ARCHIVE_MB = 60


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)


def swap_icu_data(bundle: Path) -> None:
    """Replace Qt's 31 MB ICU data library with an empty package (see installer/icu_stub/)."""
    for data in bundle.rglob("libicudata.so.*"):
        if data.is_symlink() or not data.is_file():
            continue
        version = data.name.split(".so.")[1].split(".")[0]
        subprocess.run(
            [
                "gcc",
                "-shared",
                "-fPIC",
                "-O2",
                f"-DICU_DATA_SYMBOL=icudt{version}_dat",
                f"-Wl,-soname,libicudata.so.{version}",
                "-o",
                str(data),
                str(ROOT / "installer" / "icu_stub" / "icudt_stub.c"),
            ],
            check=True,
        )


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Hadir's one-folder bundle and its archive.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle goes")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "pyinstaller",
        help="PyInstaller's scratch folder",
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    bundle = dist / "hadir"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    started = time.perf_counter()
    shutil.rmtree(bundle, ignore_errors=True)  # never mix files of two builds
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "installer" / "hadir.spec"),
        ],
        check=True,
    )
    os_name = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(
        sys.platform, sys.platform
    )
    if os_name == "linux":
        swap_icu_data(bundle)
        (bundle / "hadir-cli").symlink_to("hadir")
        shutil.copy(ROOT / "installer" / "hadir.desktop", bundle / "hadir.desktop")
        shutil.copy(ROOT / "resources" / "icons" / "hadir.png", bundle / "hadir.png")
    stem = f"hadir-{version}-{os_name}-{arch()}"
    if os_name == "windows":
        archive = dist / f"{stem}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for file in sorted(bundle.rglob("*")):
                zf.write(file, Path("hadir") / file.relative_to(bundle))
    else:
        archive = dist / f"{stem}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=9) as tar:
            tar.add(bundle, arcname="hadir")
    folder_mb = folder_size(bundle) / 1e6
    archive_mb = archive.stat().st_size / 1e6
    ok = folder_mb <= BUDGET_FOLDER_MB and archive_mb <= BUDGET_ARCHIVE_MB
    print(
        json.dumps(
            {
                "bench": "dist_size",
                "folder": _shown(bundle),
                "archive": _shown(archive),
                "folder_mb": round(folder_mb, 1),
                "archive_mb": round(archive_mb, 1),
                "budget_folder_mb": BUDGET_FOLDER_MB,
                "budget_archive_mb": BUDGET_ARCHIVE_MB,
                "within_budget": ok,
                "build_seconds": round(time.perf_counter() - started, 1),
            }
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
