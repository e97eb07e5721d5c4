"""Errors a user can act on. Each has a stable ``code`` (for the window's translated text) and an
English sentence (for the CLI and logs) that says what is wrong and where."""

from __future__ import annotations

from sync.errors import HadirError as HadirError  # one base for the desk and sync/documents


class NotFound(HadirError):
    code = "not_found"


class NotRegistered(HadirError):
    code = "not_registered"


class ImportRefused(HadirError):
    """A whole file refused (unreadable, no header, too large): nothing was changed."""

    code = "import_refused"
