"""Plain-Python services the window calls from its worker threads.

No Qt here (a test checks it): each function takes the ``Database`` (or a session) and keyword
arguments, composes the core services (``desktop.core``) and returns plain, frozen data, never a
live ORM object. They live beside the window because only the window needs these compositions;
any of them can move into ``desktop/core`` unchanged when another caller appears.
"""
