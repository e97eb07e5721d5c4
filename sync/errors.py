"""Errors a user can act on, shared by the desk and the code both sides run (the certificate
renderer in sync/documents). Each has a stable ``code`` (for the window's translated text) and an
English sentence (for the CLI and logs) that says what is wrong and where. The desk's own kinds
are in desktop/core/errors.py."""

from __future__ import annotations


class HadirError(Exception):
    code = "error"

    def __init__(self, message: str, *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.params = params
