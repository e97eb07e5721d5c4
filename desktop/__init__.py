"""Hadir's registration desk: the Qt-free core (``desktop.core``), the window and the CLI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hadir")
except PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
    __version__ = "0.1.0"
