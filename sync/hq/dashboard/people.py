"""The dashboard's people page (issue 19 item 1): find a person by NIP, NIK, e-mail or name, see
their records across events and offices with their certificates, and (HQ admins) link or unlink
records. The decisions are sync/hq/people.py's, audited with the staff account's name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from sync.clock import utcnow
from sync.hq import admin, people
from sync.hq.api.deps import EngineDep, SessionDep
from sync.hq.api.templates import templates
from sync.hq.dashboard.routes import StaffDep, check_csrf
from sync.hq.db import read_session, write_session
from sync.hq.errors import Forbidden, HQError, Invalid

router = APIRouter(prefix="/dashboard", include_in_schema=False)


def require_hq_admin(who: admin.StaffSession) -> None:
    """Linking changes every office's figures: HQ admins only (not viewers, not office staff)."""
    if not who.is_hq_admin:
        raise Forbidden(
            "Only an HQ admin may link or unlink people; ask one at the Kantor Pusat.",
            code="people_admin_only",
        )


def _visible(who: admin.StaffSession, found: list[people.PersonView]) -> list[people.PersonView]:
    """An office's staff see their own office's records of a person, and nothing of the rest."""
    if who.office is None:
        return found
    shown = []
    for view in found:
        records = [r for r in view.records if who.may_see(r.office_code)]
        if records:
            shown.append(people.PersonView(view.person_id, records, view.decisions))
    return shown


def _page(
    request: Request,
    who: admin.StaffSession,
    session: SessionDep,
    query: str,
    *,
    message: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    found = _visible(who, people.find(session=session, query=query, by_name=True))
    return templates.TemplateResponse(
        request,
        "people.html",
        {
            "who": who,
            "csrf_token": who.csrf_token,
            "q": query,
            "people": found,
            "limit": people.MAX_PEOPLE,
            "may_decide": who.is_hq_admin,
            "message": message,
            "error": error,
        },
        status_code=status_code,
    )


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request, who: StaffDep, session: SessionDep, q: str = "") -> Response:
    return _page(request, who, session, q[:200])


def _decide(
    request: Request,
    who: admin.StaffSession,
    engine: EngineDep,
    csrf_token: str,
    query: str,
    decide: str,
    participant: str,
    other: str,
    reason: str,
) -> Response:
    check_csrf(who.csrf_token, csrf_token)
    require_hq_admin(who)
    try:
        if not participant.strip() or (decide == people.LINK and not other.strip()):
            raise Invalid(
                "Choose the record(s) to decide about (a participant id).",
                code="people_record_missing",
            )
        with write_session(engine) as writer:
            if decide == people.LINK:
                decision = people.link(
                    session=writer,
                    participant_id=participant,
                    other_participant_id=other,
                    by=who.username,
                    reason=reason,
                    now=utcnow(),
                )
                message = f"Rekaman {participant} dan {other} kini satu orang."
            else:
                decision = people.unlink(
                    session=writer,
                    participant_id=participant,
                    by=who.username,
                    reason=reason,
                    now=utcnow(),
                )
                message = f"Rekaman {participant} kini orang tersendiri."
    except HQError as refused:
        with read_session(engine) as reader:
            return _page(
                request,
                who,
                reader,
                query,
                error=refused.message,
                status_code=refused.status_code,
            )
    with read_session(engine) as reader:
        return _page(request, who, reader, query or decision.person_id, message=message)


@router.post("/people/link", response_class=HTMLResponse)
def link(
    request: Request,
    who: StaffDep,
    engine: EngineDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    q: Annotated[str, Form(max_length=200)] = "",
    participant: Annotated[str, Form(max_length=64)] = "",
    other: Annotated[str, Form(max_length=64)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    return _decide(request, who, engine, csrf_token, q, people.LINK, participant, other, reason)


@router.post("/people/unlink", response_class=HTMLResponse)
def unlink(
    request: Request,
    who: StaffDep,
    engine: EngineDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    q: Annotated[str, Form(max_length=200)] = "",
    participant: Annotated[str, Form(max_length=64)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    return _decide(request, who, engine, csrf_token, q, people.UNLINK, participant, "", reason)
