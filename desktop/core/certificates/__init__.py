"""Certificates (moving into one module per job; this line re-exports until the split lands)."""

from desktop.core.certificates.issuing import *  # noqa: F403
