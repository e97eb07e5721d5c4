"""The check-in screen's layout. It shows what it is given and reports keys; it decides nothing."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style
from desktop.ui.checkin.camera import CameraPanel


@dataclass(frozen=True, slots=True)
class CardState:
    """What the card shows, already in words."""

    colours: style.Colours
    status: str  # the big line: "HADIR", "SUDAH HADIR", an error...
    detail: str = ""  # "pukul 08.12", "pukul 08.12 (Meja 2)"
    name: str = ""
    number: str = ""
    info: str = ""  # golongan · instansi
    message: str = ""  # an explanation or instruction under the rest
    action: str = ""  # a button's text (e.g. "Daftar peserta baru (Ctrl+N)"); empty hides it


@dataclass(frozen=True, slots=True)
class ListRow:
    title: str
    subtitle: str
    key: str  # participant id


SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1


class MatchDelegate(QStyledItemDelegate):
    """Two lines per person: the name in bold, then NIP and instansi, muted and elided."""

    PADDING = 8

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        bold = QFont(option.font)
        bold.setBold(True)
        height = QFontMetrics(bold).height() + QFontMetrics(option.font).height() + 2 * self.PADDING
        return QSize(0, height + 2)  # width: whatever the list gives (text is elided)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect
        if selected:
            painter.fillRect(rect, option.palette.highlight())
        elif index.row() % 2:
            painter.fillRect(rect, QColor("#f5f7fa"))
        text_colour = option.palette.highlightedText().color() if selected else QColor("#1d2733")
        muted = option.palette.highlightedText().color() if selected else QColor(style.MUTED_TEXT)
        inner = rect.adjusted(
            self.PADDING, self.PADDING // 2 + 2, -self.PADDING, -self.PADDING // 2
        )
        bold = QFont(option.font)
        bold.setBold(True)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        title_metrics, metrics = QFontMetrics(bold), QFontMetrics(option.font)
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(
            inner.left(),
            inner.top() + title_metrics.ascent(),
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, inner.width()),
        )
        painter.setFont(option.font)
        painter.setPen(muted)
        painter.drawText(
            inner.left(),
            inner.top() + title_metrics.height() + metrics.ascent(),
            metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, inner.width()),
        )
        painter.restore()


class SearchBox(QLineEdit):
    """The one input: keys that move through the matches are reported, not consumed as text."""

    moved = Signal(int)  # -1 up, +1 down, -10/+10 page
    submitted = Signal()
    escaped = Signal()
    undo_pressed = Signal()
    day_pressed = Signal()

    def event(self, event: QEvent) -> bool:
        # A line edit claims Ctrl+Z (its own text undo) and, on some desktops, Ctrl+D before any
        # shortcut sees them; here they mean "undo the last check-in" and "choose the day".
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.matches(QKeySequence.StandardKey.Undo) or _is_ctrl(event, Qt.Key.Key_D))
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_pressed.emit()
            return
        if _is_ctrl(event, Qt.Key.Key_D):
            self.day_pressed.emit()
            return
        key = event.key()
        steps = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -10,
            Qt.Key.Key_PageDown: 10,
        }
        if key in steps:
            self.moved.emit(steps[Qt.Key(key)])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        elif key == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


def _is_ctrl(event: QKeyEvent, key: Qt.Key) -> bool:
    return event.key() == key and event.modifiers() == Qt.KeyboardModifier.ControlModifier


class DayPicker(QComboBox):
    """The day list; says when its popup closes, so the search box can take the focus back."""

    popup_closed = Signal()

    def hidePopup(self) -> None:
        super().hidePopup()
        self.popup_closed.emit()


class Card(QFrame):
    action_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setMinimumHeight(360)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.status = QLabel()
        self.detail = QLabel()
        self.name = QLabel()
        self.number = QLabel()
        self.info = QLabel()
        self.message = QLabel()
        self.action = QPushButton()
        self.action.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.action.clicked.connect(self.action_clicked)
        style.sized(self.status, 40, bold=True)
        style.sized(self.detail, 24, bold=True)
        style.sized(self.name, 30, bold=True)
        style.sized(self.number, 20)
        style.sized(self.info, 16)
        style.sized(self.message, 16)
        style.sized(self.action, 14, bold=True)
        for label in (self.name, self.info, self.message, self.status, self.detail):
            label.setWordWrap(True)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(6)
        # The state, then when and where, each on its own line: "SUDAH HADIR" and
        # "pukul 08.12 (Meja 2)" side by side would wrap at this size.
        layout.addWidget(self.status)
        layout.addWidget(self.detail)
        layout.addSpacing(12)
        layout.addWidget(self.name)
        layout.addWidget(self.number)
        layout.addWidget(self.info)
        layout.addStretch(1)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.action)
        row.addStretch(1)
        layout.addLayout(row)
        self.state: CardState | None = None

    def show_state(self, state: CardState) -> None:
        self.state = state
        c = state.colours
        self.setStyleSheet(
            f"QFrame#card {{ background: {c.background}; border-radius: 12px; }}"
            f"QFrame#card QLabel {{ color: {c.text}; background: transparent; }}"
        )
        self.status.setStyleSheet(f"color: {c.accent};")
        for label, value in (
            (self.status, state.status),
            (self.detail, state.detail),
            (self.name, state.name),
            (self.number, state.number),
            (self.info, state.info),
            (self.message, state.message),
        ):
            label.setText(value)
            label.setVisible(bool(value))
        self.action.setText(state.action)
        self.action.setVisible(bool(state.action))


class CheckinView(QWidget):
    """Header (event, day, counter), the search box, the card, the matches, and two actions."""

    retranslated = Signal()
    day_chosen = Signal(int)  # index in the day list
    walkin_requested = Signal()
    undo_requested = Signal()
    row_activated = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.event_title = QLabel()
        self.event_title.setWordWrap(True)
        style.sized(self.event_title, 16, bold=True)
        self.event_where = QLabel()
        style.muted(self.event_where)
        self.day_label = QLabel()
        self.day = DayPicker()
        self.day.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.day.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.day.activated.connect(self.day_chosen)
        self.day.popup_closed.connect(self.focus_search)
        self.counter = QLabel("–")
        style.sized(self.counter, 26, bold=True)
        self.counter_caption = QLabel()
        self._share: int | None = None  # this desk's share of the venue's total
        style.muted(self.counter_caption)

        self.search = SearchBox()
        self.search.setClearButtonEnabled(True)
        style.sized(self.search, 20)
        self.search.setMinimumHeight(56)

        self.card = Card()
        self.list_title = QLabel()
        style.sized(self.list_title, 12, bold=True)
        self.matches = QListWidget()
        # The search box keeps the focus; the list is driven by its arrow keys.
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.setUniformItemSizes(True)
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.setItemDelegate(MatchDelegate(self.matches))
        style.sized(self.matches, 13)
        self.matches.itemActivated.connect(
            lambda item: self.row_activated.emit(self.matches.row(item))
        )
        self.matches.itemDoubleClicked.connect(
            lambda item: self.row_activated.emit(self.matches.row(item))
        )
        self.list_hint = QLabel()
        self.list_hint.setWordWrap(True)
        style.muted(self.list_hint)

        self.walkin = QPushButton()
        self.undo = QPushButton()
        for button in (self.walkin, self.undo):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.walkin.clicked.connect(self.walkin_requested)
        self.undo.clicked.connect(self.undo_requested)
        self.card.action_clicked.connect(self.walkin_requested)
        self.keys_hint = QLabel()
        style.muted(self.keys_hint)
        # The webcam: its toggle among the actions, its preview above the list (camera.py).
        self.camera = CameraPanel()

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+N"), self, self.walkin_requested.emit, context=context)
        # Ctrl+Z and Ctrl+D arrive from the search box, which always has the focus.
        self.search.undo_pressed.connect(self.undo_requested)
        self.search.day_pressed.connect(self._open_days)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search, context=context)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.event_title)
        titles.addWidget(self.event_where)
        header.addLayout(titles, 1)
        day_box = QVBoxLayout()
        day_box.addWidget(self.day_label)
        day_box.addWidget(self.day)
        header.addLayout(day_box)
        header.addSpacing(24)
        count_box = QVBoxLayout()
        count_box.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignRight)
        count_box.addWidget(self.counter_caption, 0, Qt.AlignmentFlag.AlignRight)
        header.addLayout(count_box)

        side = QVBoxLayout()
        side.addWidget(self.camera)
        side.addWidget(self.list_title)
        side.addWidget(self.matches, 1)
        side.addWidget(self.list_hint)
        body = QHBoxLayout()
        body.addWidget(self.card, 3)
        body.addSpacing(12)
        body.addLayout(side, 2)

        actions = QHBoxLayout()
        actions.addWidget(self.walkin)
        actions.addWidget(self.undo)
        actions.addWidget(self.camera.toggle)
        actions.addStretch(1)
        actions.addWidget(self.keys_hint)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addWidget(self.search)
        layout.addSpacing(8)
        layout.addLayout(body, 1)
        layout.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Ketik nama atau pindai NIP/NIK, lalu Enter"))
        self.day_label.setText(self.tr("Hari (Ctrl+D)"))
        self._render_caption()
        self.walkin.setText(self.tr("Daftar peserta baru (Ctrl+N)"))
        self.undo.setText(self.tr("Batalkan check-in terakhir (Ctrl+Z)"))
        self.keys_hint.setText(self.tr("↑ ↓ pilih · Enter hadirkan · Esc kosongkan"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.retranslated.emit()
        super().changeEvent(event)

    # ---------------------------------------------------------------- what the controller sets

    def focus_search(self) -> None:
        if not self.isVisible():
            return
        if not self.isActiveWindow():
            self.activateWindow()  # back from a dialog: the keys belong to this window again
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_days(self) -> None:
        if self.day.count() > 1:
            self.day.setFocus()
            self.day.showPopup()

    def set_event(self, title: str, where: str) -> None:
        self.event_title.setText(title)
        self.event_where.setText(where)

    def set_days(self, labels: list[str], current: int) -> None:
        self.day.blockSignals(True)
        self.day.clear()
        self.day.addItems(labels)
        self.day.setCurrentIndex(current)
        self.day.setEnabled(len(labels) > 1)
        self.day.blockSignals(False)

    def set_counter(self, text: str) -> None:
        self.counter.setText(text)

    def set_share(self, share: int | None) -> None:
        """This desk's share of the venue's total, under the counter (None: a desk alone)."""
        self._share = share
        self._render_caption()

    def _render_caption(self) -> None:
        caption = self.tr("hadir / terdaftar hari ini")
        if self._share is not None:
            caption += " " + self.tr("(meja ini: {count})").format(count=self._share)
        self.counter_caption.setText(caption)

    def set_list(self, title: str, rows: list[ListRow], hint: str = "") -> None:
        self.list_title.setText(title)
        self.matches.clear()
        for row in rows:
            item = QListWidgetItem(row.title)
            item.setData(SUBTITLE_ROLE, row.subtitle)
            item.setData(Qt.ItemDataRole.UserRole, row.key)
            item.setToolTip(f"{row.title}\n{row.subtitle}")
            self.matches.addItem(item)
        self.list_hint.setText(hint)
        self.list_hint.setVisible(bool(hint))

    def select_row(self, row: int) -> None:
        if row < 0:
            self.matches.clearSelection()
            self.matches.setCurrentRow(-1)
            return
        self.matches.setCurrentRow(row)
        self.matches.scrollToItem(self.matches.item(row))

    def selected_row(self) -> int:
        return self.matches.currentRow() if self.matches.selectedItems() else -1

    def row_count(self) -> int:
        return self.matches.count()

    def clear_search(self) -> None:
        self.search.clear()
