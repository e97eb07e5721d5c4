"""Headquarters: the server every desk syncs with (issue 5). Imports ``sync.protocol``, never
``desktop``."""
