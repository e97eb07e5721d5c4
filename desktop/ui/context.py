"""Who is at the desk and what they work on: plain data shared by the controllers.

The application controller owns it and updates it on sign-in and when an event is opened; screen
controllers read it when they act. It is not a window or a service locator: only these four facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.desk import DeskIdentity
from desktop.core.operators import SignedIn
from desktop.services.events import EventInfo


@dataclass
class DeskContext:
    desk: DeskIdentity
    office_name: str
    operator: SignedIn | None = None
    event: EventInfo | None = None

    @property
    def operator_name(self) -> str:
        # Every write records who did it; nothing is written before someone signs in.
        if self.operator is None:
            raise RuntimeError("no operator is signed in")
        return self.operator.name

    @property
    def is_admin(self) -> bool:
        return self.operator is not None and self.operator.is_admin
