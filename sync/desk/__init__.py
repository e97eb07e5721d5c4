"""The desk's side of sync: the outbox and its run history, the HQ client, the sync lease and the
bulk SQLite writes. The desk imports it; HQ never does (tests/test_architecture.py)."""
