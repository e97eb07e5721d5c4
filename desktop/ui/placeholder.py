"""Pages that other issues fill (certificates, sync): they say what will be there, honestly."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.ui import style


class PlaceholderPage(QWidget):
    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind  # "certificates" | "sync"
        self.title = QLabel()
        style.sized(self.title, 20, bold=True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setFixedWidth(820)
        style.sized(self.body, 13)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setFixedWidth(820)
        style.muted(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        if self.kind == "certificates":
            self.title.setText(self.tr("Sertifikat"))
            self.body.setText(self.tr(
                "Sertifikat: di sini akan tampil peserta yang memenuhi syarat (hari hadir dan JP), "
                "pencetakan sertifikat bernomor dengan segel QR untuk verifikasi, dan daftar hadir "
                "per hari untuk ditandatangani."
            ))  # fmt: skip
            self.note.setText(self.tr(
                "Layar ini belum tersedia di jendela. Sementara itu gunakan perintah "
                "\u201chadir-cli certificates\u201d. Segel QR adalah bukti keaslian dari Hadir, "
                "bukan tanda tangan elektronik (TTE)."
            ))  # fmt: skip
        else:
            self.title.setText(self.tr("Sinkronisasi"))
            self.body.setText(self.tr(
                "Sinkronisasi: di sini akan tampil status pengiriman data ke kantor pusat (berapa "
                "catatan menunggu, kapan terakhir terkirim), pengaturan alamat server, dan "
                "ekspor/impor paket USB untuk lokasi tanpa internet."
            ))  # fmt: skip
            self.note.setText(self.tr(
                "Belum diatur. Semua check-in tetap tersimpan di meja ini dan akan dikirim setelah "
                "sinkronisasi diatur; tidak ada yang hilang."
            ))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
