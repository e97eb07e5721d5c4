"""The signature blocks an event's certificates carry (1 = main, on the right; 2 = left; 3 = middle)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from desktop.core.certificates.models import CertificateSignatory
from desktop.core.documents.templates import MAX_SIGNATORIES, Signatory
from desktop.core.errors import HadirError
from desktop.core.identity import normalize_number
from desktop.core.models import Event
from desktop.core.registry import get_event

DEFAULT_SIGNATORY_TITLE = "Kepala Kantor Wilayah"


def signatories(*, session: Session, event: Event) -> tuple[Signatory, ...]:
    """Signature blocks 1-3. Block 1 falls back to the event's signatory, and without one to the
    title "Kepala Kantor Wilayah" over a blank line to sign and stamp by hand."""
    rows = {
        row.position: row
        for row in session.exec(
            select(CertificateSignatory).where(CertificateSignatory.event_id == event.id)
        )
    }
    blocks: list[Signatory] = []
    for position in range(1, MAX_SIGNATORIES + 1):
        row = rows.get(position)
        if row is not None:
            blocks.append(Signatory(row.title, row.name, row.nip))
        elif position == 1:
            blocks.append(
                Signatory(
                    event.signatory_title or DEFAULT_SIGNATORY_TITLE,
                    event.signatory_name,
                    event.signatory_nip,
                )
            )
        else:
            blocks.append(Signatory("", "", ""))
    while len(blocks) > 1 and not (blocks[-1].title or blocks[-1].name):
        blocks.pop()
    return tuple(blocks)


def set_signatories(
    *, session: Session, event_id: str, blocks: Sequence[Signatory]
) -> tuple[Signatory, ...]:
    """Replace the event's signature blocks (1 = main, on the right; 2 = left; 3 = middle)."""
    if len(blocks) > MAX_SIGNATORIES:
        raise HadirError(f"A certificate has at most {MAX_SIGNATORIES} signature blocks.",
                         code="signatory_count", maximum=MAX_SIGNATORIES)  # fmt: skip
    event = get_event(session=session, event_id=event_id)
    for row in session.exec(
        select(CertificateSignatory).where(CertificateSignatory.event_id == event_id)
    ):
        session.delete(row)
    session.flush()
    for position, block in enumerate(blocks, start=1):
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
    return signatories(session=session, event=event)
