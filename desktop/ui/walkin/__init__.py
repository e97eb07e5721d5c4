"""The walk-in form (register and check in at once) and the participant form it shares with the
participants view's edit dialog."""
