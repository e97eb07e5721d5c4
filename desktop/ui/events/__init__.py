"""Events: the list, the event form, opening one for check-in."""
