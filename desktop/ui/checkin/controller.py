"""Wires the check-in screen: search as you type, Enter to check in, undo, the counter, walk-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from desktop.core.clock import utcnow, zone
from desktop.core.db import Database
from desktop.core.errors import NotRegistered
from desktop.core.identity import IdentityError
from desktop.core.registry import SearchResult, searchable
from desktop.services import checkin as service
from desktop.services import venue as venue_service
from desktop.services.checkin import EntryResult, Outcome, Person, RecentCheckIn, UndoResult
from desktop.services.events import EventInfo
from desktop.ui import i18n, style
from desktop.ui.checkin.camera import CameraController, Tone
from desktop.ui.checkin.view import CardState, CheckinView, ListRow
from desktop.ui.context import DeskContext
from desktop.ui.worker import LatestOnly, TaskContext, Workers

RECENT = 8
RECOUNT_EVERY_MS = 30_000  # picks up check-ins that other desks' records bring in


@dataclass(frozen=True, slots=True)
class _Query:
    event_id: str
    text: str


@dataclass(frozen=True, slots=True)
class _CountQuery:
    event_id: str
    day: int


def default_day(event: EventInfo, now: datetime | None = None) -> tuple[int, bool]:
    """The day to check in for (1-based) and whether today is one of the event's days."""
    today = (now or utcnow()).astimezone(zone(event.timezone)).date()
    for day in event.days:
        if day.date == today:
            return day.number, True
    if today < event.days[0].date:
        return 1, len(event.days) == 1
    return event.days[-1].number, len(event.days) == 1


class CheckinController(QObject):
    """The main screen's logic.

    Search as you type runs off the UI thread through ``LatestOnly``: a key starts a search at
    once when none is running, keys that arrive meanwhile collapse into one follow-up search for
    the newest text, and a result for older text is dropped. That does what a ~100 ms debounce is
    for (no query per key in a burst, never a stale list) without adding 100 ms to every key, which
    a 50 ms keystroke-to-results target cannot afford. Enter never waits for the list when the
    text is a scanned number: the check-in runs in the writes queue at once.
    """

    # For tests and the benchmark: what the card and the list now show.
    card_changed = Signal(str)  # the card's kind
    results_shown = Signal(str)  # the query whose matches the list shows
    attendance_changed = Signal()  # a check-in or undo was recorded

    def __init__(
        self, view: CheckinView, *, db: Database, workers: Workers, context: DeskContext
    ) -> None:
        super().__init__(view)
        self.view = view
        self._db = db
        self._workers = workers
        self._context = context
        self.current_event: EventInfo | None = None
        self.day = 1
        self._today_is_event_day = True
        self.card_kind = "ready"
        self._card: tuple[str, Any] = ("ready", None)
        self._shown_query: str | None = None
        self._hits: list[Person] = []
        self._more = False
        self._enter_waiting = False
        self._last_entry = ""  # what was typed before Enter cleared the box (walk-in pre-fill)
        # After a refresh: the text searched again and the match to choose again when it arrives.
        self._reselect: tuple[str, str | None] | None = None
        self._recent: list[RecentCheckIn] = []
        self._count: tuple[int, int] | None = None
        # At a venue with a hub the counter is the venue's total; this desk's share beside it.
        self.desk_share_shown = False
        self._share: int | None = None
        self.walkin: Any = None  # the open walk-in controller, if any

        self._search: LatestOnly[SearchResult] = LatestOnly(
            workers.reads, self._search_work, on_failure=self._search_failed
        )
        self._search.delivered.connect(self._show_matches)
        self._counts: LatestOnly[Any] = LatestOnly(workers.background, self._count_work)
        self._counts.delivered.connect(self._show_count)
        self._recount_timer = QTimer(self)
        self._recount_timer.setInterval(RECOUNT_EVERY_MS)
        self._recount_timer.timeout.connect(self.recount)

        view.search.textChanged.connect(self._text_changed)
        # Only the clerk's own keys: Enter clears the box before the result arrives, and that
        # programmatic clear must not wipe the card that is about to show who was checked in.
        view.search.textEdited.connect(self._typed)
        view.search.submitted.connect(self.submit)
        view.search.moved.connect(self._move)
        view.search.escaped.connect(self._escape)
        view.row_activated.connect(self._row_activated)
        view.day_chosen.connect(self._day_chosen)
        view.walkin_requested.connect(self.open_walkin)
        view.undo_requested.connect(self.undo)
        view.retranslated.connect(self._retranslate)
        self.camera = CameraController(view.camera, self)
        self.camera.code_read.connect(self.camera_scan)
        self.camera.other_read.connect(self._camera_other)
        self._set_card("no_event", None)

    # ---------------------------------------------------------------- opening an event

    def open_event(self, event: EventInfo) -> None:
        self.current_event = event
        self.day, self._today_is_event_day = default_day(event)
        self._recent = []
        self._count = None
        self._search.invalidate()
        self.view.clear_search()
        self._render_header()
        self._set_card("ready", None)
        self._show_idle_list()
        self.recount()
        self._load_recent()
        self._recount_timer.start()
        self.view.focus_search()

    def refresh_event(self, event: EventInfo) -> None:
        """The open event as HQ's changes left it (another desk's registrations and check-ins, an
        edit): the counter, the recent list and the matches are read again, while the day, the
        typed text, the chosen match and the card stay as the clerk left them. Not ``open_event``,
        which starts the screen afresh."""
        if self.current_event is None or self.current_event.id != event.id:
            return
        self.current_event = event
        self.day = min(self.day, len(event.days))
        self._render_header()
        self.recount()
        self._load_recent()
        text = self.view.search.text().strip()
        if text and searchable(text):
            row = self.view.selected_row()
            chosen = self._hits[row].participant_id if 0 <= row < len(self._hits) else None
            self._reselect = (text, chosen)
            self._search.request(_Query(event.id, text))

    def _render_header(self) -> None:
        event = self.current_event
        if event is None:
            return
        dates = i18n.date_range_text(event.days[0].date, event.days[-1].date)
        where = " · ".join(x for x in (event.venue, dates, event.zone_label) if x)
        self.view.set_event(event.title, where)
        labels = [i18n.day_label(d.number, d.date) for d in event.days]
        self.view.set_days(labels, self.day - 1)
        self._render_count()

    def _day_chosen(self, index: int) -> None:
        if self.current_event is None:
            return
        self.day = index + 1
        self._today_is_event_day = True  # the clerk chose it
        self._count = None
        self._render_count()
        self.recount()
        self._load_recent()
        self._set_card("ready", None)
        self.view.focus_search()

    # ---------------------------------------------------------------- searching as you type

    def _search_work(self, query: _Query) -> Any:
        db = self._db

        def work(_ctx: TaskContext) -> SearchResult:
            return service.search(db, event_id=query.event_id, query=query.text)

        return work

    def _text_changed(self, text: str) -> None:
        query = text.strip()
        self._enter_waiting = False
        self._reselect = None  # the clerk typed: a new search chooses nobody by itself
        if self.current_event is None:
            return
        if not query:
            self._search.invalidate()
            self._show_idle_list()
            return
        if not searchable(query):
            self._search.invalidate()
            self._shown_query = None
            self._hits, self._more = [], False
            self.view.set_list(
                self.tr("Hasil pencarian"),
                [],
                self.tr("Ketik minimal 2 huruf, atau 3 angka NIP/NIK."),
            )
            return
        self._search.request(_Query(self.current_event.id, query))

    def _typed(self, text: str) -> None:
        # The previous person's card would otherwise stay up while the next one is being looked
        # for, and a glance at it reads the wrong name (issue 14, item 10).
        if self.current_event is None:
            return
        if text.strip():
            if self.card_kind != "typing":
                self._set_card("typing", None)
        elif self.card_kind == "typing":
            self._set_card("ready", None)

    def _show_matches(self, query: _Query, result: SearchResult) -> None:
        if self.current_event is None or query.event_id != self.current_event.id:
            return
        if query.text != self.view.search.text().strip():
            return  # the box changed since (e.g. Enter cleared it): this list is not wanted now
        self._shown_query = query.text
        self._hits = [service.person_from_hit(h) for h in result.hits]
        self._more = result.more
        self._render_matches()
        reselect, self._reselect = self._reselect, None
        if reselect is not None and reselect[0] == query.text and reselect[1] is not None:
            ids = [person.participant_id for person in self._hits]
            if reselect[1] in ids:
                self.view.select_row(ids.index(reselect[1]))
        self.results_shown.emit(query.text)
        if self._enter_waiting:
            self._enter_waiting = False
            self.submit()

    def _render_matches(self) -> None:
        if not self._hits:
            hint = self.tr(
                "Tidak ada peserta yang cocok dengan \u201c{text}\u201d. "
                "Daftarkan sebagai peserta baru: Ctrl+N."
            ).format(text=self._shown_query)
        elif self._more:
            hint = self.tr("Masih banyak yang cocok: ketik lebih lengkap.")
        else:
            hint = ""
        title = self.tr("Hasil pencarian ({count})").format(
            count=f"{len(self._hits)}+" if self._more else len(self._hits)
        )
        self.view.set_list(title, [_row(p) for p in self._hits], hint)

    def _search_failed(self, query: _Query, error: Exception) -> None:
        self.view.set_list(self.tr("Hasil pencarian"), [], i18n.error_text(error))

    def _show_idle_list(self) -> None:
        self._shown_query = ""
        self._hits, self._more = [], False
        tz = self.current_event.timezone if self.current_event else "Asia/Jakarta"
        rows = [
            ListRow(
                r.person.full_name,
                self.tr("pukul {time}").format(time=i18n.clock_text(r.at, tz))
                + (f" · {r.person.number}" if r.person.number else ""),
                r.person.participant_id,
            )
            for r in self._recent
        ]
        hint = "" if rows else self.tr("Belum ada check-in di meja ini untuk hari ini.")
        self.view.set_list(self.tr("Baru saja hadir di meja ini"), rows, hint)

    def _move(self, step: int) -> None:
        count = self.view.row_count()
        if not count or not self._hits:
            return
        current = self.view.selected_row()
        if current < 0:
            target = 0 if step > 0 else count - 1
        else:
            target = max(0, min(count - 1, current + step))
        self.view.select_row(target)

    def _escape(self) -> None:
        self.view.clear_search()
        self._set_card("ready", None)

    def _row_activated(self, row: int) -> None:
        if self._hits and 0 <= row < len(self._hits):
            self._check_in(self.view.search.text().strip(), self._hits[row].participant_id)

    # ---------------------------------------------------------------- Enter

    def submit(self) -> None:
        """Enter: check in the chosen match, a scanned number, or the only match."""
        if self.current_event is None:
            return
        text = self.view.search.text().strip()
        if not text:
            return
        row = self.view.selected_row()
        current = self._shown_query == text
        if row >= 0 and current and row < len(self._hits):
            self._check_in(text, self._hits[row].participant_id)
        elif service.looks_like_number(text) or service.is_code(text):
            # A scanner: check in at once, without waiting for the list.
            self._check_in(text, None)
        elif not searchable(text):
            self._set_card("hint", self.tr("Ketik minimal 2 huruf, atau 3 angka NIP/NIK."))
        elif not current:
            self._enter_waiting = True  # decide when this text's matches arrive
        elif len(self._hits) == 1 and not self._more:
            self._check_in(text, self._hits[0].participant_id)
        elif not self._hits:
            self._last_entry = text
            self._set_card("no_match", text)
        else:
            self.view.select_row(0)
            self._set_card("choose", len(self._hits))

    def camera_scan(self, code: str) -> None:
        """A code the webcam read: a scan + Enter, except that what the clerk is typing stays."""
        if self.current_event is None:
            self.camera.play(Tone.ERROR)
            return
        self._check_in(code, None, from_camera=True)

    def _camera_other(self, kind: str, text: str) -> None:
        if self.current_event is None:
            return
        self._set_card("unknown_code", kind)
        self.camera.play(Tone.ERROR)

    def _check_in(
        self, entry: str, participant_id: str | None, *, from_camera: bool = False
    ) -> None:
        event, day = self.current_event, self.day
        if event is None:
            return
        self._last_entry = entry
        if not from_camera:
            self._enter_waiting = False
            self._search.invalidate()
            # Cleared at once so the scanner's next code starts in an empty box.
            self.view.clear_search()
        db, desk, operator = self._db, self._context.desk, self._context.operator_name

        def work(_ctx: TaskContext) -> EntryResult:
            return service.check_in_entry(
                db,
                event_id=event.id,
                day=day,
                entry=entry,
                desk=desk,
                operator=operator,
                participant_id=participant_id,
            )

        on_success, on_failure = self.show_result, self._show_error
        if from_camera:

            def on_success(result: EntryResult) -> None:
                self.show_result(result)
                self.camera.play(
                    Tone.PRESENT if result.outcome is Outcome.CHECKED_IN else Tone.ALREADY
                )

            def on_failure(error: Exception) -> None:
                self._show_error(error)
                self.camera.play(Tone.ERROR)

        self._workers.writes.submit(
            work, on_success=on_success, on_failure=on_failure, name="check-in"
        )

    def show_result(self, result: EntryResult) -> None:
        if result.outcome is Outcome.CHOOSE:
            self._set_card("choose", len(result.hits))
            return
        if result.outcome is Outcome.NO_MATCH:
            self._set_card("no_match", result.query)
            return
        self._set_card("result", result)
        if result.outcome is Outcome.CHECKED_IN and result.person is not None:
            if result.day == self.day:
                self._bump_count(+1)
                self._recent.insert(
                    0, RecentCheckIn(result.person, result.at or utcnow(), result.day)
                )
                del self._recent[RECENT:]
                if not self.view.search.text().strip():
                    self._show_idle_list()
            self.attendance_changed.emit()

    def _show_error(self, error: Exception) -> None:
        number = service.not_registered_number(error)
        if number is not None:
            self._last_entry = number
        self._set_card("error", error)

    # ---------------------------------------------------------------- undo

    def undo(self) -> None:
        event = self.current_event
        if event is None:
            return
        db, desk, operator = self._db, self._context.desk, self._context.operator_name

        def work(_ctx: TaskContext) -> UndoResult:
            return service.undo_last(db, event_id=event.id, desk=desk, operator=operator)

        self._workers.writes.submit(
            work, on_success=self._undone, on_failure=self._show_error, name="undo"
        )
        self.view.focus_search()

    def _undone(self, result: UndoResult) -> None:
        self._set_card("undone", result)
        if result.day == self.day:
            self._bump_count(-1)
            self._recent = [
                r for r in self._recent if r.person.participant_id != result.person.participant_id
            ]
            if not self.view.search.text().strip():
                self._show_idle_list()
        self._load_recent()
        self.attendance_changed.emit()

    # ---------------------------------------------------------------- walk-in

    def open_walkin(self) -> None:
        if self.current_event is None:
            return
        from desktop.ui.walkin.controller import WalkinController

        typed = self.view.search.text().strip() or self._last_entry
        if self.card_kind not in ("no_match", "error") and not self.view.search.text().strip():
            typed = ""  # after a success the last entry is someone else's number
        self.walkin = WalkinController.open(
            parent=self.view,
            db=self._db,
            workers=self._workers,
            context=self._context,
            event=self.current_event,
            day=self.day,
            prefill=typed,
        )
        self.walkin.registered.connect(self._walkin_done)
        self.walkin.closed.connect(self._walkin_closed)

    def _walkin_done(self, result: EntryResult) -> None:
        self.view.clear_search()
        self.show_result(result)

    def _walkin_closed(self) -> None:
        self.walkin = None
        # After the dialog has finished closing, or Qt hands the focus back to where it was.
        QTimer.singleShot(0, self.view.focus_search)

    # ---------------------------------------------------------------- counter and recent list

    def _count_work(self, query: _CountQuery) -> Any:
        db, shown, desk_id = self._db, self.desk_share_shown, self._context.desk.desk_id

        def work(_ctx: TaskContext) -> Any:
            count = service.day_count(db, event_id=query.event_id, day=query.day)
            share = (
                venue_service.desk_share(
                    db, event_id=query.event_id, day=query.day, desk_id=desk_id
                )
                if shown
                else None
            )
            return count, share

        return work

    def show_desk_share(self, shown: bool) -> None:
        """This desk is at a venue with a hub (a member, or the hub): "(meja ini: N)" from the
        next count on."""
        if shown != self.desk_share_shown:
            self.desk_share_shown = shown
            if not shown:
                self._share = None
                self.view.set_share(None)
            self.recount()

    def recount(self) -> None:
        if self.current_event is not None:
            self._counts.request(_CountQuery(self.current_event.id, self.day))

    def _show_count(self, query: _CountQuery, counted: Any) -> None:
        count, share = counted
        if self.current_event is None or (query.event_id, query.day) != (
            self.current_event.id,
            self.day,
        ):
            return
        self._count = (count.present, count.registered)
        self._share = share
        self._render_count()
        self.view.set_share(share)

    def _bump_count(self, step: int) -> None:
        # Shown at once; the recount that follows corrects it if another desk counted too.
        if self._count is not None:
            self._count = (max(0, self._count[0] + step), self._count[1])
            self._render_count()
        self.recount()

    def _render_count(self) -> None:
        if self._count is None:
            self.view.set_counter("…")
        else:
            present, registered = self._count
            self.view.set_counter(f"{_thousands(present)} / {_thousands(registered)}")

    def _load_recent(self) -> None:
        event, day, db, desk_id = self.current_event, self.day, self._db, self._context.desk.desk_id
        if event is None:
            return

        def work(_ctx: TaskContext) -> list[RecentCheckIn]:
            return service.recent_checkins(
                db, event_id=event.id, desk_id=desk_id, day=day, limit=RECENT
            )

        def loaded(recent: list[RecentCheckIn]) -> None:
            if self.current_event is not event or self.day != day:
                return
            self._recent = recent
            if not self.view.search.text().strip():
                self._show_idle_list()
            if self.card_kind == "ready":
                self._set_card("ready", None)

        self._workers.background.submit(work, on_success=loaded, name="recent")

    # ---------------------------------------------------------------- the card

    def _set_card(self, kind: str, payload: Any) -> None:
        self._card = (kind, payload)
        self.card_kind = kind
        self.view.card.show_state(self._card_state(kind, payload))
        self.card_changed.emit(kind)

    def _card_state(self, kind: str, payload: Any) -> CardState:
        tz = self.current_event.timezone if self.current_event else "Asia/Jakarta"
        walkin = self.tr("Daftar peserta baru (Ctrl+N)")
        if kind == "result":
            result: EntryResult = payload
            person = result.person
            assert person is not None and result.at is not None
            time = i18n.clock_text(result.at, tz)
            if result.outcome is Outcome.CHECKED_IN:
                return CardState(
                    style.PRESENT,
                    self.tr("HADIR"),
                    self.tr("pukul {time}").format(time=time),
                    person.full_name,
                    person.number,
                    _info(person),
                    self.tr("Tercatat hadir. Silakan pindai peserta berikutnya."),
                )
            return CardState(
                style.ALREADY,
                self.tr("SUDAH HADIR"),
                self.tr("pukul {time} ({desk})").format(time=time, desk=result.desk_name),
                person.full_name,
                person.number,
                _info(person),
                self.tr("Sudah hadir pukul {time} ({desk}). Tidak dicatat dua kali.").format(
                    time=time, desk=result.desk_name
                ),
            )
        if kind == "error":
            error: Exception = payload
            if isinstance(error, NotRegistered):
                title = self.tr("BELUM TERDAFTAR")
                message = self.tr("Periksa nomornya, atau daftarkan sebagai peserta baru.")
                action = walkin
            elif isinstance(error, IdentityError):
                title = self.tr("NOMOR TIDAK VALID")
                message = self.tr("Periksa nomornya lalu pindai atau ketik ulang.")
                action = ""
            else:
                title = self.tr("TIDAK BISA")
                message = self.tr("Periksa lalu pindai atau ketik ulang.")
                action = ""
            # The sentence names the number; it is not repeated on its own line.
            return CardState(
                style.ERROR, title, "", i18n.error_text(error), "", "", message, action
            )
        if kind == "unknown_code":
            certificate = payload == "certificate"
            return CardState(
                style.ERROR,
                self.tr("KODE TIDAK DIKENAL"),
                "",
                self.tr("Ini kode QR sertifikat, bukan undangan atau tanda nama.")
                if certificate
                else self.tr("Kode ini bukan kode undangan, tanda nama, atau NIP."),
                "",
                "",
                self.tr("Tunjukkan QR undangan atau tanda nama, atau barcode NIP, ke kamera."),
            )
        if kind == "no_match":
            return CardState(
                style.ERROR,
                self.tr("TIDAK DITEMUKAN"),
                "",
                self.tr("Tidak ada peserta \u201c{text}\u201d di acara ini.").format(text=payload),
                "",
                "",
                self.tr("Periksa ejaannya, atau daftarkan sebagai peserta baru."),
                walkin,
            )
        if kind == "choose":
            return CardState(
                style.CHOOSE,
                self.tr("PILIH PESERTA"),
                "",
                self.tr("{count} peserta cocok.").format(count=payload),
                "",
                "",
                self.tr("Pilih dengan ↑ ↓ lalu tekan Enter, atau ketik lebih lengkap."),
            )
        if kind == "undone":
            undone: UndoResult = payload
            return CardState(
                style.UNDONE,
                self.tr("DIBATALKAN"),
                self.tr("check-in pukul {time}").format(time=i18n.clock_text(undone.at, tz)),
                undone.person.full_name,
                undone.person.number,
                _info(undone.person),
                self.tr("Kehadiran ini dibatalkan. Pindai lagi bila ternyata hadir."),
            )
        if kind == "no_event":
            return CardState(
                style.READY,
                self.tr("BELUM ADA ACARA"),
                "",
                self.tr("Buka acara terlebih dahulu."),
                "",
                "",
                self.tr(
                    "Pilih atau buat acara di layar Acara (Ctrl+3), lalu tekan "
                    "Enter untuk membukanya di sini."
                ),
            )
        if kind == "typing":
            return CardState(
                style.READY,
                self.tr("MENCARI"),
                "",
                "",
                "",
                "",
                self.tr("Tekan Enter untuk mencatat hadir, atau pilih dengan ↑ ↓."),
            )
        if kind == "hint":
            return CardState(style.READY, self.tr("SIAP"), "", "", "", "", str(payload))
        # ready
        note = (
            ""
            if self._today_is_event_day
            else self.tr(
                "Hari ini bukan hari acara: check-in dicatat untuk hari {day}. Ganti dengan Ctrl+D."
            ).format(day=self.day)
        )
        if self._recent:
            last = self._recent[0]
            return CardState(
                style.LAST,
                self.tr("TERAKHIR"),
                self.tr("pukul {time}").format(time=i18n.clock_text(last.at, tz)),
                last.person.full_name,
                last.person.number,
                _info(last.person),
                note
                or self.tr("Check-in terakhir di meja ini. Silakan pindai peserta berikutnya."),
            )
        return CardState(
            style.READY,
            self.tr("SIAP"),
            "",
            self.tr("Pindai NIP atau ketik nama peserta."),
            "",
            "",
            note or self.tr("Hasil check-in ditampilkan di sini."),
        )

    def _retranslate(self) -> None:
        self.camera.retranslate()
        self._render_header()
        kind, payload = self._card
        self.view.card.show_state(self._card_state(kind, payload))
        if self._shown_query:
            self._render_matches()
        else:
            self._show_idle_list()


def _row(person: Person) -> ListRow:
    parts = [x for x in (person.number, person.instansi) if x]
    return ListRow(person.full_name, " · ".join(parts), person.participant_id)


def _info(person: Person) -> str:
    return " · ".join(x for x in (person.golongan, person.instansi) if x)


def _thousands(value: int) -> str:
    # The language's grouping: 200.000 in Indonesian, 200,000 in English (i18n sets the locale).
    return QLocale().toString(value)
