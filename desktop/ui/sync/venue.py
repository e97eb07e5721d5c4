"""The Sync screen's "Lokasi (beberapa meja)" box and the status bar's venue line (issue 17 items 3
and 4): make this desk the venue's hub (admin), stop, join another desk's hub with the code it
shows, leave. Everything goes through desktop/services/venue.py; the live exchange itself is the
scheduler's (desktop/ui/sync/scheduler.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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
from sync.desk.venue_wire import VenueWireError, is_join_text, parse_join_text
from sync.documents import qr

SERVED_RECOUNT_MS = 2_000  # while serving, the hub's own views count the members' check-ins
# Pixels per QR module: a ~45-module symbol is ~200 px, read by a phone or a 2D scanner at arm's
# length from a laptop screen.
QR_MODULE_PX = 4
# The join text in the code field (a 2D scanner types into whichever field has focus).
JOIN_TEXT_MAX = 512


def qr_pixmap(text: str, *, module: int = QR_MODULE_PX) -> QPixmap:
    """The hub's join text as a QR code, from the same encoder as the certificates' seal."""
    matrix = qr.encode(text)
    side = matrix.size + 2 * qr.QUIET_ZONE
    image = QImage(side, side, QImage.Format.Format_Grayscale8)
    image.fill(255)
    for row in range(matrix.size):
        for column in range(matrix.size):
            if matrix.modules[row * matrix.size + column] == 0:
                image.setPixel(column + qr.QUIET_ZONE, row + qr.QUIET_ZONE, 0xFF000000)
    return QPixmap.fromImage(
        image.scaled(side * module, side * module, mode=Qt.TransformationMode.FastTransformation)
    )


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
        self._qr_text = ""
        self._scanned_fingerprint: str | None = None  # from a join text in the join form
        self._moved_from: str | None = None  # this desk moved to another hub (issue 17 item 6)
        # The QR code under the pairing code: the code's row holds both (the form's rows stay),
        # one above the other so the left column keeps its width.
        self.qr = QLabel()
        self.qr.setObjectName("venue_qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        code_cell = QWidget()
        column = QVBoxLayout(code_cell)
        column.setContentsMargins(0, 0, 0, 0)
        view.venue_form.replaceWidget(view.pair_code, code_cell)
        column.addWidget(view.pair_code)
        column.addWidget(self.qr)
        view.hub_code.setMaxLength(JOIN_TEXT_MAX)
        view.hub_url.textChanged.connect(self._maybe_join_text)
        view.hub_code.textChanged.connect(self._maybe_join_text)
        view.hub_url.returnPressed.connect(self.join)
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
        # A code is replaced when asked for after it expired or was tried too often: asked here
        # too, so the code and QR on the screen never show a dead code for long.
        self.served.timeout.connect(self._check_code)
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
            if self.running.hub.takeover is not None:
                state += " " + self.tr(
                    "Meja ini mengambil alih sebagai hub dari {desk}: meja lain pindah ke sini "
                    "tanpa kode baru."
                ).format(desk=self._old_hub())
            view.hub_address.setText(self.running.url)
            view.pair_code.setText(_grouped(self._code))
            self._show_qr(self.running.join_text(self._code))
            # A break opportunity after each dash: the fingerprint wraps in a narrow column.
            view.hub_fingerprint.setText(self.running.fingerprint.replace("-", "-\u200b"))
        elif member and self.status is not None:
            state = self.tr("Meja ini bergabung ke hub {desk} di {url}.").format(
                desk=self._hub_desk(), url=self.status.get("hub") or ""
            )
            if self._moved_from:
                state += " " + self.tr(
                    "Meja ini pindah ke hub ini sendiri karena hub {desk} tidak terjangkau."
                ).format(desk=self._moved_from)
            # What the hub holds of this desk's records but HQ has not confirmed yet: "all at
            # HQ" waits for it (the hub relays it whenever it, or this desk, reaches HQ).
            at_hub = int(self.status.get("at_hub_waiting_for_hq") or 0)
            if at_hub:
                state += " " + self.tr(
                    "{count} data meja ini sudah di hub, menunggu dikirim hub ke kantor pusat."
                ).format(count=at_hub)
            if self._alone():
                state += " " + self.tr(
                    "Hub tidak terjangkau. Jika laptop hub mati atau pergi, jadikan meja ini hub "
                    "lokasi: meja lain pindah ke sini sendiri, tanpa kode baru."
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
        # A member may take over as hub once its hub no longer answers (issue 17 item 6); while
        # the hub answers, a second hub would only split the venue.
        view.host.setVisible(admin and not hosting and (not member or self._alone()))
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

    def _alone(self) -> bool:
        last = self.scheduler.last_exchange
        return last is not None and not last.reached

    def _old_hub(self) -> str:
        takeover = self.running.hub.takeover if self.running is not None else None
        return next((d.desk_name for d in takeover.desks if d.is_hub), "") if takeover else ""

    def _show_qr(self, text: str) -> None:
        """Drawn again only when the join text changes (a new code: expired or tried too
        often)."""
        if text != self._qr_text:
            self._qr_text = text
            self.qr.setPixmap(qr_pixmap(text))
            self.qr.setToolTip(text)
            self.qr.setAccessibleName(self.tr("Kode QR untuk bergabung ke hub"))

    def _hub_desk(self) -> str:
        desks = (self.status or {}).get("desks") or []
        return str(desks[0]["desk_name"]) if desks else ""

    def _say(self, text: str, *, failed: bool = False) -> None:
        self.view.venue_message.setText(text)
        self.view.venue_message.setStyleSheet(f"color: {style.ERROR_TEXT};" if failed else "")
        self.view.tidy_venue_rows()

    def _failed(self, error: Exception) -> None:
        self._busy = False
        # A taken port (venue_port_in_use) and every other refusal: the one sentence of its code.
        self._say(i18n.error_text(error), failed=True)
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

    def _check_code(self) -> None:
        if self.running is not None:
            self.running.hub.current_code()  # a new one reaches _new_code through the signal

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
        if not self._maybe_join_text() and any(
            is_join_text(field.text()) for field in (self.view.hub_url, self.view.hub_code)
        ):
            return  # a join text that does not read: _maybe_join_text said why
        url, code = self.view.hub_url.text().strip(), self.view.hub_code.text().strip()
        expected = self._scanned_fingerprint
        if not url or not code:
            self._say(self.tr("Isi alamat hub dan kode pasangan yang tampil di hub."), failed=True)
            return

        def work(_ctx: TaskContext) -> JoinResult:
            return service.join(
                db, hub_url=url, code=code, operator=operator, expected_fingerprint=expected
            )

        def done(result: JoinResult) -> None:
            self._busy = False
            self._scanned_fingerprint = None
            self._moved_from = None
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

    def _maybe_join_text(self, _text: str = "") -> bool:
        """The hub's join text pasted, or typed by a 2D scanner, into either join field: the
        address and the code go to their fields, the fingerprint is checked at the join. True
        when a complete one was read (a scanner types it a character at a time: a partial text
        says nothing until Enter)."""
        for field in (self.view.hub_url, self.view.hub_code):
            text = field.text()
            if not is_join_text(text):
                continue
            try:
                scanned = parse_join_text(text)
            except VenueWireError as error:
                if _text == "":  # Enter or the button, not a keystroke: say why it does not read
                    said = i18n.code_text("venue_bad_join_text", {"detail": str(error)})
                    self._say(said or str(error), failed=True)
                return False
            self._scanned_fingerprint = scanned.fingerprint
            for target, value in (
                (self.view.hub_url, scanned.hub),
                (self.view.hub_code, scanned.code),
            ):
                target.blockSignals(True)
                target.setText(value)
                target.blockSignals(False)
            self._say(
                self.tr("Kode QR hub terbaca: {url}. Sidik jari yang diharapkan: {fp}.").format(
                    url=scanned.hub, fp=scanned.fingerprint
                )
            )
            return True
        return False

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
        if result is not None and result.moved_to is not None:
            self._moved_from = result.moved_from
            self.refresh()  # the box names the new hub
        if result is not None and self.role != "member":
            self.refresh()  # joined from the CLI meanwhile: the box says so
        elif result is not None and self.role == "member":
            alone = not result.reached
            if alone != self.view.host.isVisible() and self._context.is_admin:
                self._render()  # the takeover button comes (hub gone) or goes (hub back)
        self._show_in_status_bar(result)

    def _show_in_status_bar(self, result: HubExchange | None) -> None:
        if self.running is not None:
            count = len((self.status or {}).get("desks", []))
            self.status_bar.set_venue_state(
                self.tr("Hub lokasi: meja ini ({count} meja bergabung)").format(count=count)
            )
        elif result is None or self.role != "member":
            self.status_bar.set_venue_state(None)
        elif result.reached and self._moved_from:
            # The old hub is gone and this desk now syncs with the desk that took over.
            self.status_bar.set_venue_state(
                self.tr("Hub lokasi: pindah ke {desk} (hub {old} tidak terjangkau)").format(
                    desk=result.moved_to or self._hub_desk(), old=self._moved_from
                )
            )
        elif result.reached:
            self.status_bar.set_venue_state(
                self.tr("Hub lokasi: terhubung ({desk})").format(desk=self._hub_desk())
            )
        else:
            # The outbox keeps every record: they reach the hub when it answers again.
            self.status_bar.set_venue_state(
                self.tr("Hub lokasi tidak terjangkau \u2014 meja bekerja sendiri"), alone=True
            )
