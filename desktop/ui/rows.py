"""A read-only table model over rows of display texts, for the certificate, online and sync lists.

The controllers turn plain service data into texts once; the model only hands them to the view, so
a list of thousands of rows costs no Python per paint beyond a list lookup (a QTableWidget would
make a QTableWidgetItem per cell).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str] = (), *, right_aligned: Sequence[int] = ()) -> None:
        super().__init__()
        self.headers = list(headers)
        self.rows: list[tuple[str, ...]] = []
        self.keys: list[Any] = []  # what each row stands for (an id), for the controller
        self.colours: list[str | None] = []
        self.tips: list[str] = []
        self._right = set(right_aligned)

    def set_headers(self, headers: Sequence[str]) -> None:
        self.headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.headers) - 1))

    def set_rows(
        self,
        rows: Sequence[tuple[str, ...]],
        keys: Sequence[Any],
        colours: Sequence[str | None] | None = None,
        tips: Sequence[str] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows, self.keys = list(rows), list(keys)
        self.colours = list(colours) if colours is not None else [None] * len(self.rows)
        self.tips = list(tips) if tips is not None else [""] * len(self.rows)
        self.endResetModel()

    def key(self, row: int) -> Any:
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def row_of(self, key: Any) -> int:
        try:
            return self.keys.index(key)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = self.rows[row]
            return values[column] if column < len(values) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips[row] or None
        if role == Qt.ItemDataRole.ForegroundRole and self.colours[row]:
            return QBrush(QColor(self.colours[row]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and section < len(self.headers)
        ):
            return self.headers[section]
        return None
