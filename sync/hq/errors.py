"""Errors a service raises for its caller to show: the API maps them to HTTP statuses, the CLI to
one sentence on stderr. Each message is a sentence a person can act on.

Every error also carries a stable ``code`` (and ``params`` to fill a sentence with), sent with the
English ``detail`` as ``{"detail", "code", "params"}``: the desk shows the clerk its own sentence
for the code in the window's language (desktop/ui/i18n.py ``hq_code_text``) instead of HQ's English,
and an older desk, which reads only ``detail``, keeps working. Codes are part of the protocol: never
rename one; add a new one.
"""

from __future__ import annotations


class HQError(Exception):
    status_code = 400

    def __init__(self, message: str, *, code: str, **params: str | int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params


class NotFound(HQError):
    status_code = 404


class Unauthorized(HQError):
    status_code = 401


class Forbidden(HQError):
    status_code = 403


class AlreadyExists(HQError):
    status_code = 409


class Invalid(HQError):
    status_code = 422


class TooLarge(HQError):
    status_code = 413


def error_body(
    message: str, *, code: str, params: dict[str, str | int] | None = None
) -> dict[str, object]:
    """The JSON of every HQ error answer."""
    return {"detail": message, "code": code, "params": dict(params or {})}
