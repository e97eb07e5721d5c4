"""The desk's sync service, by job: settings.py (what the desk keeps), enrollment.py (joining HQ),
run.py (one sync run), status.py (where things stand, history, what HQ set aside), bundle.py (the
USB bundle) and pull.py (applying what HQ sends). The window and hadir-cli reach them through
desktop/services/sync.py; the wire, the outbox and the HQ client are sync/ and sync/desk/."""
