"""The Sync screen and the window's background sync loop (issue 6)."""
