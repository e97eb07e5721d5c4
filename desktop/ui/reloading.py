"""When a screen reads its data again: the one rule the screens that read in the background share.

A screen marked stale (attendance changed elsewhere) reads again when it is next shown, not on
every scan. A reload asked while one is running is not dropped: the running one may have read
before what asked (a setting just saved, a certificate just printed), so the screen reads once
more when it ends. Qt-free state; the controllers submit the work and render.
"""

from __future__ import annotations


class Reloading:
    def __init__(self) -> None:
        self.stale = True  # read again when next shown
        self.running = False
        self._again = False

    def begin(self) -> bool:
        """True: start a reading now. False: one is running, and it is read again when it ends."""
        if self.running:
            self._again = True
            return False
        self.running, self.stale = True, False
        return True

    def done(self) -> bool:
        """A reading ended with its data: True when another was asked meanwhile (read again)."""
        self.running = False
        again, self._again = self._again, False
        return again

    def failed(self) -> None:
        """A reading failed (the screen shows why): what was asked meanwhile would fail alike."""
        self.running = self._again = False
