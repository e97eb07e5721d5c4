"""The desk's front door: every action a person or a script takes, one function each.

The window's controllers (from their worker threads) and every ``hadir-cli`` command call these
and nothing below them for writes, so an action is validated and audited in one place whichever
way it is taken (Anki's GUI operations are the model: thin wrappers over one backend method). No
Qt here (tests/test_architecture.py checks it): each function takes the ``Database`` (or a session)
and keyword arguments, composes the core (``desktop.core``) and returns plain, frozen data, never
a live ORM object.
"""
