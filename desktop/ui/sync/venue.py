"""The Sync screen's "Lokasi (beberapa meja)" box and the status bar's venue line (issue 17 items 3
and 4): make this desk the venue's hub (admin), stop, join another desk's hub with the code it
shows, leave. Everything goes through desktop/services/venue.py; the live exchange itself is the
scheduler's (desktop/ui/sync/scheduler.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.db import Database
from desktop.core.venue.member import HubExchange, JoinResult
from desktop.services import venue as service
from desktop.services.venue import RunningHub
from desktop.ui import i18n, style
from desktop.ui.context import DeskContext
from desktop.ui.statusbar import DeskStatusBar
from desktop.ui.sync.scheduler import SyncScheduler
from desktop.ui.sync.stations import StationsController
from desktop.ui.sync.view import SyncView
from desktop.ui.worker import TaskContext, Workers

SERVED_RECOUNT_MS = 2_000  # while serving, the hub's own views count the members' check-ins


def _grouped(code: str) -> str:
    """ "123 456": read aloud across a hall in two halves."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


class VenueController(QObject):
    # The hub's server thread makes a new code (expired, or tried too often): the code reaches
    # the label through this signal, on the UI thread.
    code_changed = Signal(str)
    hosting_changed = Signal(object)  # RunningHub | None
    joined = Signal(object)  # JoinResult
    status_read = Signal(object)  # the venue status dict
    # This desk is at a venue with a hub (it serves, or it joined one): the counter shows this
    # desk's share beside the venue's total.
    at_venue = Signal(bool)
    # While this desk serves: every SERVED_RECOUNT_MS, for the views that count what the members
    # pushed (the hub's server writes those records, not this window).
    members_may_have_written = Signal()

    def __init__(
        self,
        view: SyncView,
        status_bar: DeskStatusBar,
        *,
        db: Database,
        workers: Workers,
        scheduler: SyncScheduler,
        context: DeskContext,
    ) -> None:
        super().__init__(view)
        self.view, self.status_bar = view, status_bar
        self._db, self._workers, self.scheduler, self._context = db, workers, scheduler, context
        self.running: RunningHub | None = None
        self.status: dict[str, Any] | None = None
        self._busy = False
        self._code = ""
        self._port = service.DEFAULT_PORT
        view.host_requested.connect(self.host)
        view.stop_hosting_requested.connect(self.stop_hosting)
        view.join_requested.connect(self.join)
        view.leave_requested.connect(self.leave)
        view.stations_requested.connect(self.open_stations)
        self.stations: StationsController | None = None
        view.shown.connect(self.refresh)
        view.retranslated.connect(self._render)
        scheduler.hub_exchanged.connect(self._exchanged)
        self.code_changed.connect(self._new_code)
        self.served = QTimer(self)
        self.served.setInterval(SERVED_RECOUNT_MS)
        self.served.timeout.connect(self.members_may_have_written)
        self._render()

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        db = self._db

        def work(_ctx: TaskContext) -> dict[str, Any]:
            return service.status(db)

        self._workers.background.submit(work, on_success=self._status_read, name="venue-status")

    def _status_read(self, status: dict[str, Any]) -> None:
        self.status = status
        self._render()
        self._show_in_status_bar(self.scheduler.last_exchange)
        self.status_read.emit(status)

    @property
    def role(self) -> str:
        return str(self.status["role"]) if self.status else "none"

    def _render(self) -> None:
        view, admin = self.view, self._context.is_admin
        hosting, member = self.running is not None, self.role == "member"
        if self.running is not None:
            desks = [d["desk_name"] for d in (self.status or {}).get("desks", [])]
            state = self.tr(
                "Meja ini hub lokasi. Di meja lain pilih \u201cGabung ke hub\u201d dengan alamat "
                "dan kode di bawah; sidik jari hub tampil di meja itu setelah bergabung."
            )
            state += " " + (
                self.tr("Meja yang bergabung: {desks}.").format(desks=", ".join(desks))
                if desks
                else self.tr("Belum ada meja yang bergabung.")
            )
            view.hub_address.setText(self.running.url)
            view.pair_code.setText(_grouped(self._code))
            # A break opportunity after each dash: the fingerprint wraps in a narrow column.
            view.hub_fingerprint.setText(self.running.fingerprint.replace("-", "-\u200b"))
        elif member and self.status is not None:
            state = self.tr("Meja ini bergabung ke hub {desk} di {url}.").format(
                desk=self._hub_desk(), url=self.status.get("hub") or ""
            )
        elif self.role == "hub":
            state = self.tr(
                "Meja ini pernah menjadi hub lokasi, tetapi sekarang tidak melayani meja lain."
            )
        else:
            state = self.tr(
                "Beberapa meja di satu lokasi: satu meja menjadi hub lokasi, meja lain bergabung "
                "ke hub itu lewat Wi-Fi/LAN (tanpa internet)."
            )
        view.venue_state.setText(state)
        # A member does not serve (a hub does not join another hub, the core refuses it too).
        joinable = not hosting and not member and self.role != "hub"
        view.set_venue_rows(hosting=hosting, joining=joinable)
        view.host.setVisible(admin and not hosting and not member)
        view.host.setEnabled(not self._busy)
        view.stop_hosting.setVisible(admin and hosting)
        view.stop_hosting.setEnabled(not self._busy)
        view.stations.setVisible(admin and hosting)
        view.join.setVisible(joinable)
        view.join.setEnabled(not self._busy)
        view.leave.setVisible(member)
        view.leave.setEnabled(not self._busy)
        view.tidy_venue_rows()
        if hosting != self.served.isActive():
            if hosting:
                self.served.start()
            else:
                self.served.stop()
        self.at_venue.emit(hosting or member)

    def _hub_desk(self) -> str:
        desks = (self.status or {}).get("desks") or []
        return str(desks[0]["desk_name"]) if desks else ""

    def _say(self, text: str, *, failed: bool = False) -> None:
        self.view.venue_message.setText(text)
        self.view.venue_message.setStyleSheet(f"color: {style.ERROR_TEXT};" if failed else "")
        self.view.tidy_venue_rows()

    def _failed(self, error: Exception) -> None:
        self._busy = False
        if isinstance(error, OSError) and not isinstance(error, ConnectionError):
            # The port is taken (another program, or a hub still running from hadir-cli).
            text = self.tr(
                "Hub tidak dapat dibuka di port {port}: {reason}. Tutup program yang memakai "
                "port itu, atau ubah pengaturan venue.hub_port."
            ).format(port=self._port, reason=error.strerror or error)
        else:
            text = i18n.error_text(error)
        self._say(text, failed=True)
        self._render()  # the buttons back at once; the status read may change them again
        self.refresh()

    # ---------------------------------------------------------------- the hub

    def host(self) -> None:
        if not self._context.is_admin or self.running is not None or self._busy:
            return
        db, operator, announce = self._db, self._context.operator_name, self.code_changed.emit

        def work(_ctx: TaskContext) -> RunningHub:
            self._port = service.hub_port(db)
            # bind 0.0.0.0: the other desks reach this laptop on the hall's Wi-Fi or LAN.
            return service.host(
                db,
                bind="0.0.0.0",
                port=self._port,
                operator=operator,
                on_new_code=lambda code: announce(code.code),
            )

        self._busy = True
        self._say("")
        self._render()
        self._workers.background.submit(
            work, on_success=self._hosting, on_failure=self._failed, name="venue-host"
        )

    def _hosting(self, running: RunningHub) -> None:
        self._busy = False
        self.running = running
        self._code = running.pair_code
        self._render()
        self.hosting_changed.emit(running)
        self.refresh()

    def _new_code(self, code: str) -> None:
        self._code = code
        self._render()

    def stop_hosting(self) -> None:
        running = self.running
        if running is None or self._busy:
            return

        def work(_ctx: TaskContext) -> None:
            running.stop()

        def done(_value: None) -> None:
            self._busy = False
            self.running = None
            self._say(self.tr("Meja ini berhenti melayani meja lain."))
            self._render()
            self.hosting_changed.emit(None)
            self.refresh()

        self._busy = True
        self._render()
        self._workers.background.submit(
            work, on_success=done, on_failure=self._failed, name="venue-stop"
        )

    def shutdown(self) -> None:
        """The window closes: the hub stops serving with it."""
        if self.running is not None:
            self.running.stop()
            self.running = None

    # ---------------------------------------------------------------- check-in stations

    def open_stations(self) -> None:
        """The hub's phones and tablets (issue 17 item 7): only while this desk serves."""
        if self.running is None or not self._context.is_admin:
            return
        if self.stations is None:
            self.stations = StationsController(
                self.view, db=self._db, workers=self._workers, context=self._context
            )
        self.stations.open()

    # ---------------------------------------------------------------- a member

    def join(self) -> None:
        if self._busy or self.running is not None:
            return
        db, operator = self._db, self._context.operator_name
        url, code = self.view.hub_url.text().strip(), self.view.hub_code.text().strip()
        if not url or not code:
            self._say(self.tr("Isi alamat hub dan kode pasangan yang tampil di hub."), failed=True)
            return

        def work(_ctx: TaskContext) -> JoinResult:
            return service.join(db, hub_url=url, code=code, operator=operator)

        def done(result: JoinResult) -> None:
            self._busy = False
            self.view.hub_code.clear()
            self._say(
                self.tr("Bergabung ke hub {desk}. Sidik jari hub: {fingerprint}.").format(
                    desk=result.hub_desk, fingerprint=result.fingerprint
                )
            )
            self._render()
            self.joined.emit(result)
            self.refresh()
            self.scheduler.exchange_with_hub()  # the venue's records now, not in a second

        # On the sync queue: a join never races a live exchange or a run.
        self._busy = True
        self._render()
        if not self.scheduler.run_job(
            work, name="venue-join", on_success=done, on_failure=self._failed
        ):
            self._busy = False
            self._say(self.tr("Tunggu sinkronisasi yang sedang berjalan."))
            self._render()

    def leave(self) -> None:
        if self._busy:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> dict[str, Any]:
            return service.leave(db, operator=operator)

        def done(_result: dict[str, Any]) -> None:
            self._busy = False
            self._say(
                self.tr("Meja ini tidak lagi memakai hub. Semua data tetap tersimpan di sini.")
            )
            self._render()
            self.refresh()

        self._busy = True
        self._render()
        if not self.scheduler.run_job(
            work, name="venue-leave", on_success=done, on_failure=self._failed
        ):
            self._busy = False
            self._say(self.tr("Tunggu sinkronisasi yang sedang berjalan."))
            self._render()

    # ---------------------------------------------------------------- the status bar

    def _exchanged(self, result: HubExchange | None) -> None:
        if result is not None and self.role != "member":
            self.refresh()  # joined from the CLI meanwhile: the box says so
        self._show_in_status_bar(result)

    def _show_in_status_bar(self, result: HubExchange | None) -> None:
        if self.running is not None:
            count = len((self.status or {}).get("desks", []))
            self.status_bar.set_venue_state(
                self.tr("Hub lokasi: meja ini ({count} meja bergabung)").format(count=count)
            )
        elif result is None or self.role != "member":
            self.status_bar.set_venue_state(None)
        elif result.reached:
            self.status_bar.set_venue_state(
                self.tr("Hub lokasi: terhubung ({desk})").format(desk=self._hub_desk())
            )
        else:
            # The outbox keeps every record: they reach the hub when it answers again.
            self.status_bar.set_venue_state(
                self.tr("Hub lokasi tidak terjangkau \u2014 meja bekerja sendiri"), alone=True
            )
