"""The signature blocks an event's certificates carry (1 = main, on the right; 2 = left; 3 =
middle).

Block 1 has one home: the event's own signatory fields (``Event.signatory_title/name/nip``), which
the event form edits and ``certificates signatories`` sets alike; ``certificate_signatory`` holds
blocks 2 and 3. Before issue 16 block 1 could also be a ``certificate_signatory`` row at position
1, which then silently won over the event form. A desk database from then may still hold such a
row: ``main_signatory`` reads it (so what prints does not change on upgrade) and the next save of
block 1, from either screen, folds it into the event and deletes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from desktop.core.certificates.models import CertificateSignatory
from desktop.core.errors import HadirError
from desktop.core.identity import normalize_number
from desktop.core.models import Event
from desktop.core.registry import get_event
from sync.documents.templates import (
    DEFAULT_SIGNATORY_TITLE as DEFAULT_SIGNATORY_TITLE,
)
from sync.documents.templates import MAX_SIGNATORIES, Signatory, printed_signatories

_LEGACY_MAIN_POSITION = 1


def main_signatory(*, session: Session, event: Event) -> Signatory:
    """Block 1 as stored (no default title): the event's signatory, or a row left at position 1
    by a desk version before issue 16 until it is folded in."""
    legacy = session.get(CertificateSignatory, (event.id, _LEGACY_MAIN_POSITION))
    if legacy is not None:
        return Signatory(legacy.title, legacy.name, legacy.nip)
    return Signatory(event.signatory_title, event.signatory_name, event.signatory_nip)


def set_main_signatory(*, session: Session, event: Event, block: Signatory) -> None:
    """Store block 1 in its home, the event, folding away a legacy row, and queue the event's
    settings (which carry the signatories, issue 17) when that changed them."""
    from desktop.core.event_settings import queue_if_changed, settings_record

    before = settings_record(session=session, event=event)
    _store_main(session, event, block)
    queue_if_changed(session=session, event=event, before=before)


def _store_main(session: Session, event: Event, block: Signatory) -> None:
    legacy = session.get(CertificateSignatory, (event.id, _LEGACY_MAIN_POSITION))
    if legacy is not None:
        session.delete(legacy)
    event.signatory_title = block.title.strip()
    event.signatory_name = block.name.strip()
    event.signatory_nip = normalize_number(block.nip)
    session.add(event)
    session.flush()


def signatories(*, session: Session, event: Event) -> tuple[Signatory, ...]:
    """Signature blocks 1-3. Block 1 is the event's signatory, and without one the title "Kepala
    Kantor Wilayah" over a blank line to sign and stamp by hand."""
    main = main_signatory(session=session, event=event)
    rows = {
        row.position: row
        for row in session.exec(
            select(CertificateSignatory).where(
                CertificateSignatory.event_id == event.id,
                col(CertificateSignatory.position) > _LEGACY_MAIN_POSITION,
            )
        )
    }
    blocks = [main]
    for position in range(2, MAX_SIGNATORIES + 1):
        row = rows.get(position)
        blocks.append(Signatory(row.title, row.name, row.nip) if row else Signatory("", "", ""))
    return printed_signatories(blocks)


def set_signatories(
    *, session: Session, event_id: str, blocks: Sequence[Signatory]
) -> tuple[Signatory, ...]:
    """Replace the event's signature blocks (1 = main, on the right; 2 = left; 3 = middle). Block 1
    goes to the event's signatory; a blank block 1 keeps the event's signatory as it is."""
    if len(blocks) > MAX_SIGNATORIES:
        raise HadirError(
            f"A certificate has at most {MAX_SIGNATORIES} signature blocks.",
            code="signatory_count",
            maximum=MAX_SIGNATORIES,
        )
    from desktop.core.event_settings import queue_if_changed, settings_record

    event = get_event(session=session, event_id=event_id)
    before = settings_record(session=session, event=event)
    main = blocks[0] if blocks else None
    if main is not None and (main.title.strip() or main.name.strip()):
        _store_main(session, event, main)
    else:
        # A legacy block 1 falls back to the event's signatory, as a blank block 1 always did.
        legacy = session.get(CertificateSignatory, (event_id, _LEGACY_MAIN_POSITION))
        if legacy is not None:
            session.delete(legacy)
    for row in session.exec(
        select(CertificateSignatory).where(
            CertificateSignatory.event_id == event_id,
            col(CertificateSignatory.position) > _LEGACY_MAIN_POSITION,
        )
    ):
        session.delete(row)
    session.flush()
    for position, block in enumerate(blocks[1:], start=2):
        if block.title.strip() or block.name.strip():
            session.add(
                CertificateSignatory(
                    event_id=event_id,
                    position=position,
                    title=block.title.strip(),
                    name=block.name.strip(),
                    nip=normalize_number(block.nip),
                )
            )
    session.flush()
    queue_if_changed(session=session, event=event, before=before)
    return signatories(session=session, event=event)
