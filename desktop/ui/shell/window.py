"""The main window's layout: three pages (first start, sign-in, the desk); the desk has a tab per
screen, two buttons (settings, sign out) and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.certificates.view import CertificatesView
from desktop.ui.checkin.view import CheckinView
from desktop.ui.events.view import EventsView
from desktop.ui.online.view import OnlineView
from desktop.ui.participants.model import ParticipantTableModel
from desktop.ui.participants.view import ParticipantsView
from desktop.ui.signin.view import SignInView
from desktop.ui.start.view import SetupView
from desktop.ui.statusbar import DeskStatusBar
from desktop.ui.style import STYLESHEET
from desktop.ui.sync.view import SyncView

# The screens in tab order; their names are the ``--view`` choices.
SCREENS = ("checkin", "participants", "events", "certificates", "online", "sync")
PREFERRED_SIZE = QSize(1280, 800)
# What the window manager adds around the window (title bar, borders), roughly, on common desktops.
FRAME = QSize(16, 40)


def opening_size(available: QSize) -> QSize | None:
    """The window's size at start on a screen with ``available`` room (the taskbar excluded), or
    None to open maximised: 1280x800 does not fit a 1366x768 laptop (its taskbar leaves ~728 px),
    and a window running past the screen's edge hides the status bar and the buttons."""
    if (
        available.width() >= PREFERRED_SIZE.width() + FRAME.width()
        and available.height() >= PREFERRED_SIZE.height() + FRAME.height()
    ):
        return PREFERRED_SIZE
    return None


class MainWindow(QMainWindow):
    settings_requested = Signal()
    sign_out_requested = Signal()
    screen_changed = Signal(str)
    closing = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet(STYLESHEET)
        self.setup = SetupView()
        self.signin = SignInView()
        self.checkin = CheckinView()
        self.participants_model = ParticipantTableModel()
        self.participants = ParticipantsView(self.participants_model)
        self.events = EventsView()
        self.certificates = CertificatesView()
        self.online = OnlineView()
        self.sync = SyncView()

        self.tabs = QTabBar()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the focus
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        for _ in SCREENS:
            self.tabs.addTab("")
        self.settings = QPushButton()
        self.sign_out = QPushButton()
        for button in (self.settings, self.sign_out):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.settings.clicked.connect(self.settings_requested)
        self.sign_out.clicked.connect(self.sign_out_requested)
        self.screens = QStackedWidget()
        for screen in (
            self.checkin,
            self.participants,
            self.events,
            self.certificates,
            self.online,
            self.sync,
        ):
            self.screens.addWidget(screen)
        self.tabs.currentChanged.connect(self._tab_changed)

        top = QHBoxLayout()
        top.setContentsMargins(12, 8, 12, 0)
        top.addWidget(self.tabs)
        top.addStretch(1)
        top.addWidget(self.settings)
        top.addWidget(self.sign_out)
        self.desk = QWidget()
        desk_layout = QVBoxLayout(self.desk)
        desk_layout.setContentsMargins(0, 0, 0, 0)
        desk_layout.setSpacing(0)
        desk_layout.addLayout(top)
        desk_layout.addWidget(self.screens, 1)

        self.pages = QStackedWidget()
        for page in (self.setup, self.signin, self.desk):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.status = DeskStatusBar()
        self.setStatusBar(self.status)

        for number, name in enumerate(SCREENS, start=1):
            QShortcut(
                QKeySequence(f"Ctrl+{number}"),
                self.desk,
                lambda n=name: self.show_screen(n),
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        QShortcut(
            QKeySequence("Ctrl+,"),
            self.desk,
            self.settings_requested.emit,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QShortcut(
            QKeySequence("Ctrl+L"),
            self.desk,
            self.sign_out_requested.emit,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Hadir — meja registrasi"))
        labels = (
            self.tr("Check-in"),
            self.tr("Peserta"),
            self.tr("Acara"),
            self.tr("Sertifikat"),
            self.tr("Daring"),
            self.tr("Sinkronisasi"),
        )
        for index, label in enumerate(labels):
            self.tabs.setTabText(index, f"{label}  Ctrl+{index + 1}")
        self.settings.setText(self.tr("Pengaturan (Ctrl+,)"))
        self.sign_out.setText(self.tr("Keluar (Ctrl+L)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)

    def show_within_screen(self) -> None:
        """Show the window at its preferred size, centred, where the screen has room; else
        maximised."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        size = opening_size(screen.availableGeometry().size()) if screen else PREFERRED_SIZE
        if size is None:
            self.showMaximized()
            return
        self.resize(size)
        if screen is not None:
            frame = self.frameGeometry()
            frame.moveCenter(screen.availableGeometry().center())
            self.move(frame.topLeft())
        self.show()

    # ---------------------------------------------------------------- navigation

    def show_setup(self) -> None:
        self.pages.setCurrentWidget(self.setup)

    def show_signin(self) -> None:
        self.pages.setCurrentWidget(self.signin)

    def show_desk(self) -> None:
        self.pages.setCurrentWidget(self.desk)

    def show_screen(self, name: str) -> None:
        self.show_desk()
        self.tabs.setCurrentIndex(SCREENS.index(name))
        self._tab_changed(self.tabs.currentIndex())

    def current_screen(self) -> str:
        return SCREENS[self.screens.currentIndex()]

    def _tab_changed(self, index: int) -> None:
        self.screens.setCurrentIndex(index)
        name = SCREENS[index]
        if name == "checkin":
            self.checkin.focus_search()
        elif name == "events":
            self.events.focus_list()
        self.screen_changed.emit(name)
