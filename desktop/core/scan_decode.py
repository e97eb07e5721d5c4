"""What a camera frame says: the codes in a grey image, and which of them are worth a check-in.

The check-in screen's webcam (issue 18 item 3) hands this module one grey image (8 bits a pixel)
at a time, off the UI thread; it knows no Qt, so the same code reads a recorded frame in a test.

Only a code that names a person goes on to ``check_in_entry``: a badge or invitation code
(``HDR-...``), a participant id, or a NIP/NIK of 9+ digits. Anything else a camera sees (a
certificate's verification address, a Wi-Fi poster's QR, a product barcode) is said to be
unknown, never searched for: a search that finds exactly one person checks that person in, and a
camera must not check in whoever a poster's text happens to match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import zxingcpp

from desktop.core import badge_code
from desktop.core.identity import normalize_number
from desktop.core.seal import VERIFY_PATH

# A QR (invitation, badge, certificate) and the linear codes a NIP is printed in on ID cards and
# name tags. Fewer formats: less work per frame and fewer false reads.
FORMATS = zxingcpp.barcode_formats_from_str("QRCode, Code128, Code39, Code93, ITF")
# The same code read again within this many seconds is the same person still holding it up.
REPEAT_SECONDS = 4.0
_PARTICIPANT_ID_CHARS = 26
_NUMBER_DIGITS = 9  # as services.checkin.EXACT_NUMBER_DIGITS: a scanned NIP/NIK


class Kind(StrEnum):
    ENTRY = "entry"  # names a person: goes to check_in_entry
    CERTIFICATE = "certificate"  # a certificate's verification QR: not a way to check in
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Read:
    text: str
    kind: Kind


def classify(text: str) -> Kind:
    raw = text.strip()
    if badge_code.parse(raw) is not None:
        return Kind.ENTRY
    number = normalize_number(raw)
    if number.isdigit() and len(number) >= _NUMBER_DIGITS:
        return Kind.ENTRY
    if len(raw) == _PARTICIPANT_ID_CHARS and raw.isalnum():
        return Kind.ENTRY  # a participant id (ULID); check_in_entry says if it is nobody here
    if VERIFY_PATH in raw and raw.startswith(("https://", "http://")):
        return Kind.CERTIFICATE
    return Kind.UNKNOWN


def decode_grey(data: bytes, width: int, height: int, stride: int = 0) -> list[Read]:
    """The codes in one grey image (row-major, ``stride`` bytes a row; 0: ``width``), each once."""
    if width <= 0 or height <= 0:
        return []
    view = zxingcpp.ImageView(data, width, height, zxingcpp.ImageFormat.Lum, stride or width)
    found = zxingcpp.read_barcodes(view, formats=FORMATS)
    texts = dict.fromkeys(b.text.strip() for b in found if b.valid and b.text.strip())
    return [Read(text, classify(text)) for text in texts]


@dataclass
class RepeatFilter:
    """Says whether a read is new: the same text within ``seconds`` of its last read is not.

    Each read renews the window, so a code held still in front of the camera for a minute is
    one check-in, and it counts again only once it has been away for ``seconds``."""

    seconds: float = REPEAT_SECONDS
    _last_seen: dict[str, float] = field(default_factory=dict)

    def fresh(self, text: str, now: float) -> bool:
        key = text.strip().upper()
        last = self._last_seen.get(key)
        self._last_seen[key] = now
        # Forget what has been away long enough, so the dictionary stays small all day.
        for old in [k for k, t in self._last_seen.items() if now - t > self.seconds]:
            del self._last_seen[old]
        return last is None or now - last > self.seconds

    def clear(self) -> None:
        self._last_seen.clear()
