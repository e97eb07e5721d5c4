"""Operators sign in with their name and PIN."""
