"""Sync between desks and headquarters: the wire protocol (defined once), the desk's outbox and
client, HQ."""
