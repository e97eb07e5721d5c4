"""The application's flow: first start or sign-in, then the desk; opening an event; settings.

It creates each screen's controller and hands it the database, the worker queues and the desk
context; no controller gets the window.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.db import Database
from desktop.core.desk import DeskIdentity
from desktop.core.operators import SignedIn
from desktop.services import desk as desk_service
from desktop.services import events as event_service
from desktop.services.desk import DemoDesk, DeskState
from desktop.services.events import EventInfo
from desktop.ui import i18n
from desktop.ui.certificates.controller import CertificatesController
from desktop.ui.checkin.controller import CheckinController
from desktop.ui.context import DeskContext
from desktop.ui.events.controller import EventsController
from desktop.ui.i18n import Language
from desktop.ui.online.delivery import DeliveryController
from desktop.ui.online.jobs import ScreenJobs
from desktop.ui.online.matching import MatchingController
from desktop.ui.participants.controller import ParticipantsController
from desktop.ui.settings.controller import SettingsController
from desktop.ui.shell.window import MainWindow
from desktop.ui.signin.controller import SignInController
from desktop.ui.start.controller import SetupController
from desktop.ui.sync.controller import SyncController
from desktop.ui.sync.scheduler import SyncScheduler
from desktop.ui.sync.venue import VenueController
from desktop.ui.worker import TaskContext, Workers

log = logging.getLogger(__name__)


class AppController(QObject):
    ready = Signal()  # the first screen is up and its data loaded (for --screenshot and tests)
    event_opened = Signal(object)  # EventInfo

    def __init__(
        self, window: MainWindow, *, db: Database, workers: Workers, language: Language
    ) -> None:
        super().__init__(window)
        self.window = window
        self.db, self.workers, self.language = db, workers, language
        self.state: DeskState = desk_service.desk_state(db)
        self.context = DeskContext(
            desk=DeskIdentity(self.state.desk_id, self.state.desk_name, self.state.office_code),
            office_name=self.state.office_name,
        )
        self.setup = SetupController(window.setup, db=db, workers=workers)
        self.signin = SignInController(window.signin, db=db, workers=workers)
        self.checkin = CheckinController(
            window.checkin, db=db, workers=workers, context=self.context
        )
        self.participants = ParticipantsController(
            window.participants,
            window.participants_model,
            db=db,
            workers=workers,
            context=self.context,
        )
        self.events = EventsController(window.events, db=db, workers=workers, context=self.context)
        self.certificates = CertificatesController(
            window.certificates, db=db, workers=workers, context=self.context
        )
        # The Daring screen: matching and delivery, one job at a time on its busy row.
        online_jobs = ScreenJobs(window.online.busy, workers)
        self.online = MatchingController(
            window.online, db=db, workers=workers, context=self.context, jobs=online_jobs
        )
        self.online_delivery = DeliveryController(
            window.online, db=db, workers=workers, context=self.context, jobs=online_jobs
        )
        # The sync loop (no widgets) reads its history only while the Sync screen shows it.
        self.sync = SyncScheduler(db=db, workers=workers, details=window.sync.isVisible)
        self.sync_screen = SyncController(
            window.sync, window.status, db=db, scheduler=self.sync, context=self.context
        )
        self.venue = VenueController(
            window.sync,
            window.status,
            db=db,
            workers=workers,
            scheduler=self.sync,
            context=self.context,
        )
        self.venue.at_venue.connect(self.checkin.show_desk_share)
        self.venue.members_may_have_written.connect(self.checkin.recount)
        self.settings: SettingsController | None = None
        self.start_screen = "checkin"  # ``hadir --view``: where the desk opens after sign-in

        self.setup.configured.connect(self._configured)
        self.setup.demo_created.connect(self._demo_created)
        self.signin.signed_in.connect(self.signed_in)
        self.events.event_opened.connect(self.open_event)
        self.events.event_changed.connect(lambda event: self.open_event(event, show=False))
        self.events.registrations_changed.connect(self._registrations_changed)
        self.checkin.attendance_changed.connect(self.participants.mark_stale)
        self.checkin.attendance_changed.connect(self.certificates.mark_stale)
        self.checkin.attendance_changed.connect(self.sync.record_made)
        # Online minutes, matches and new registrations change eligibility and the participants.
        self.online.changed.connect(self.participants.mark_stale)
        self.online.changed.connect(self.certificates.mark_stale)
        self.online.changed.connect(self.sync.record_made)
        # An export issues certificates: the same views, and a record for HQ.
        self.online_delivery.changed.connect(self.participants.mark_stale)
        self.online_delivery.changed.connect(self.certificates.mark_stale)
        self.online_delivery.changed.connect(self.sync.record_made)
        self.certificates.changed.connect(self.participants.mark_stale)
        self.certificates.changed.connect(self.sync.record_made)
        self.sync.pulled.connect(lambda _report: self.refresh_after_pull())
        # Another desk's check-ins through the venue hub: the counter and views, as after a pull.
        self.sync.hub_pulled.connect(lambda _exchange: self.refresh_after_pull())
        # Work a screen started without its own failure path still reaches the clerk.
        workers.failed.connect(
            lambda _name, error: window.status.show_failure(i18n.error_text(error))
        )
        window.settings_requested.connect(self.open_settings)
        window.sign_out_requested.connect(self.sign_out)
        window.closing.connect(self.venue.shutdown)
        window.closing.connect(self.sync.stop)
        window.closing.connect(self.workers.shutdown)
        self._show_desk_identity()

    # ---------------------------------------------------------------- first screen

    def start(self) -> None:
        """First start when the desk has no office or no admin yet; else sign-in."""
        if self.state.needs_setup:
            self.setup.show_state(self.state)
            self.window.show_setup()
        else:
            self.signin.show_state(self.state)
            self.window.show_signin()
        self.ready.emit()

    def _refresh_state(self) -> None:
        self.state = desk_service.desk_state(self.db)
        self.context.desk = DeskIdentity(
            self.state.desk_id, self.state.desk_name, self.state.office_code
        )
        self.context.office_name = self.state.office_name
        self._show_desk_identity()

    def _show_desk_identity(self) -> None:
        if self.state.configured:
            self.window.status.set_desk(self.state.office_name, self.state.desk_name)
        else:
            self.window.status.set_desk("", "")

    def _configured(self, admin: SignedIn) -> None:
        # The admin has just chosen their PIN: they are signed in.
        self._refresh_state()
        self.signed_in(admin)

    def _demo_created(self, demo: DemoDesk) -> None:
        self._refresh_state()
        self.signin.show_state(self.state, demo=demo)
        self.window.show_signin()

    # ---------------------------------------------------------------- signed in

    def signed_in(self, operator: SignedIn) -> None:
        self.context.operator = operator
        self.window.status.set_operator(operator.name)
        self.window.show_desk()
        self._refresh_state()
        self.sync.start()
        self.venue.refresh()
        if self.context.event is not None:
            self.window.show_screen(self.start_screen)
        elif self.state.last_event_id:
            self.load_event(self.state.last_event_id)
        else:
            self.window.show_screen("events")
        self.events.refresh()

    def load_event(self, event_id: str, *, show: bool = True) -> None:
        db = self.db

        def work(_ctx: TaskContext) -> EventInfo:
            return event_service.load_event(db, event_id=event_id)

        def failed(error: Exception) -> None:
            # The last event could not be opened: the list to choose from, and the reason.
            self.window.show_screen("events")
            self.window.status.show_failure(i18n.error_text(error))

        self.workers.background.submit(
            work,
            on_success=lambda event: self.open_event(event, show=show),
            on_failure=failed,
            name="load-event",
        )

    def open_event(self, event: EventInfo, *, show: bool = True) -> None:
        self.context.event = event
        self.checkin.open_event(event)
        self.participants.set_event(event)
        self.certificates.set_event(event)
        self.online.set_event(event)
        self.online_delivery.set_event(event)
        if show:
            self.window.show_screen(self.start_screen)
            self.start_screen = "checkin"
        self.event_opened.emit(event)

    def refresh_after_pull(self) -> None:
        """A sync brought HQ's changes (another desk's event, registrations, check-ins): every
        view shows them where the clerk left it, without signing out and in (issue 14, item 3)."""
        self.events.reload()
        event = self.context.event
        if event is None:
            return
        db, event_id = self.db, event.id

        def work(_ctx: TaskContext) -> EventInfo:
            return event_service.load_event(db, event_id=event_id)

        self.workers.background.submit(work, on_success=self._event_refreshed, name="refresh-event")

    def _event_refreshed(self, event: EventInfo) -> None:
        if self.context.event is None or self.context.event.id != event.id:
            return  # another event was opened meanwhile
        self.context.event = event
        self.checkin.refresh_event(event)
        self.participants.refresh_event(event)
        # Not their set_event, which forgets the chosen row before the reload that would keep it.
        for page in (self.certificates, self.online, self.online_delivery):
            page.mark_stale()  # read again when next shown...
            if page.view.isVisible():
                page.reload()  # ...or now, keeping the chosen certificate or person

    def _registrations_changed(self, event_id: str) -> None:
        if self.context.event is not None and self.context.event.id == event_id:
            self.load_event(event_id, show=False)

    def sign_out(self) -> None:
        if self.context.operator is not None:
            desk_service.sign_out(self.db, operator=self.context.operator.name)
        self.context.operator = None
        self.window.status.set_operator(None)
        self._refresh_state()
        self.signin.show_state(self.state)
        self.window.show_signin()

    # ---------------------------------------------------------------- settings

    def open_settings(self) -> None:
        if self.context.operator is None:
            return
        self.settings = SettingsController(
            parent=self.window.desk,
            db=self.db,
            workers=self.workers,
            context=self.context,
            language=lambda: self.language.code,
        )
        self.settings.saved.connect(self._settings_saved)
        self.settings.closed.connect(self._settings_closed)
        self.settings.open()

    def _settings_saved(self, desk: DeskIdentity, language: str) -> None:
        self._refresh_state()
        if language != self.language.code:
            self.language.apply(language)

    def _settings_closed(self) -> None:
        self.settings = None
        if self.window.current_screen() == "checkin":
            QTimer.singleShot(0, self.window.checkin.focus_search)

    # ---------------------------------------------------------------- screenshots

    def show_for_screenshot(self, screen: str) -> None:
        """Show a screen without signing in (nothing is written): the last event, else the newest.

        A desk set up from hadir-cli (an office, no admin yet) still shows its screens here.
        """
        if not self.state.configured:
            self.start()
            return
        self.window.show_desk()
        event_id = self.state.last_event_id
        if event_id is None:
            events = event_service.list_event_infos(self.db)
            event_id = events[0].id if events else None
        self.events.refresh()
        if event_id is not None:
            self.open_event(event_service.load_event(self.db, event_id=event_id), show=False)
        self.window.show_screen(screen)
        self.sync.refresh()
        self.venue.refresh()  # a read: the Sync screen's venue box says what this desk is
        self.ready.emit()
