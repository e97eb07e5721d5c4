"""A table model over plain tuples (services.people row layout) and an order of row indexes.

Filtering and sorting happen off the UI thread (services.people.apply_query) and hand the model a
new order; the model never calls back into Python per comparison, which is what makes a
QSortFilterProxyModel too slow at 200,000 rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.identity import format_nip
from desktop.services import people as P
from desktop.services.people import ParticipantTable
from desktop.ui import i18n, style

Index = QModelIndex | QPersistentModelIndex

# Display columns before the day columns: No, Nama, NIP/NIK, Status, Gol, Instansi.
FIXED = (None, P.NAME, P.NUMBER, P.STATUS, P.GOLONGAN, P.INSTANSI)
_PRESENT = QBrush(QColor(style.OK_TEXT))
_ABSENT = QBrush(QColor(style.MUTED_TEXT))


class ParticipantTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.table: ParticipantTable | None = None
        self.order: list[int] = []

    # ---------------------------------------------------------------- data in

    def set_table(self, table: ParticipantTable | None, order: list[int]) -> None:
        self.beginResetModel()
        self.table, self.order = table, order
        self.endResetModel()

    def set_order(self, order: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        self.order = order
        self.layoutChanged.emit()
        # Row numbers beyond the visible ones are recomputed lazily by data().

    def replace_row(self, source_index: int, row: tuple[Any, ...]) -> None:
        if self.table is None:
            return
        self.table.rows[source_index] = row
        try:
            shown = self.order.index(source_index)
        except ValueError:
            return
        self.dataChanged.emit(self.index(shown, 0), self.index(shown, self.columnCount() - 1))

    def source_index(self, row: int) -> int:
        return self.order[row]

    def participant_id(self, row: int) -> str:
        assert self.table is not None
        return str(self.table.rows[self.order[row]][P.ID])

    # ---------------------------------------------------------------- columns

    @property
    def days(self) -> int:
        return self.table.days if self.table else 0

    def sort_column(self, column: int) -> int:
        """The services.people sort column for a display column."""
        if column < len(FIXED):
            return FIXED[column] or P.NAME
        if column < len(FIXED) + self.days:
            return P.TIMES_BASE + column - len(FIXED)
        return (P.DAYS, P.ONLINE_SORT, P.ELIGIBLE_SORT)[min(2, column - len(FIXED) - self.days)]

    # ---------------------------------------------------------------- Qt's interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        # After the days: days attended, minutes online, eligible for a certificate.
        return 0 if parent.isValid() else len(FIXED) + self.days + 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or not index.isValid():
            return None
        column = index.column()
        row = self.table.rows[self.order[index.row()]]
        day_slot = column - len(FIXED)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return index.row() + 1
            if column < len(FIXED):
                value = row[FIXED[column]]  # type: ignore[index]
                if column == 3:
                    return i18n.status_text(str(value))
                if column == 2:
                    return format_nip(str(value))
                return value
            if day_slot < self.days:
                moment = row[P.TIMES][day_slot]
                return i18n.clock_text(moment, self.table.timezone) if moment else "–"
            extra = day_slot - self.days
            if extra == 0:
                return row[P.DAYS]
            if extra == 1:
                minutes = self.table.minutes(row)
                return "–" if minutes is None else minutes
            return self.tr("ya") if self.table.eligible(row) else self.tr("belum")
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 4, 5):
            return row[FIXED[column]]  # type: ignore[index]
        if role == Qt.ItemDataRole.ForegroundRole and 0 <= day_slot < self.days:
            return _PRESENT if row[P.TIMES][day_slot] else _ABSENT
        if role == Qt.ItemDataRole.ForegroundRole and day_slot == self.days + 2:
            return _PRESENT if self.table.eligible(row) else _ABSENT
        if role == Qt.ItemDataRole.TextAlignmentRole and (column == 0 or day_slot >= 0):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        fixed = (
            self.tr("No"),
            self.tr("Nama"),
            self.tr("NIP/NIK"),
            self.tr("Status"),
            self.tr("Gol"),
            self.tr("Instansi"),
        )
        if section < len(fixed):
            return fixed[section]
        if section < len(fixed) + self.days:
            return self.tr("Hari {day}").format(day=section - len(fixed) + 1)
        extra = section - len(fixed) - self.days
        return (self.tr("Hari hadir"), self.tr("Daring (menit)"), self.tr("Layak sertifikat"))[
            min(extra, 2)
        ]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.columnCount() - 1))
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )
