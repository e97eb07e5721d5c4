"""Errors a service raises for its caller to show: the API maps them to HTTP statuses, the CLI to
one sentence on stderr. Each message is a sentence a person can act on."""

from __future__ import annotations


class HQError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
