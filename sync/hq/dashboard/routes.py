"""The HQ staff dashboard: login, desks and events at a glance, enrollment codes, revocation,
exports. Every form that changes something carries the session's CSRF token."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Cookie, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sync.clock import utcnow
from sync.hq import admin, lockout, reports
from sync.hq.api.deps import EngineDep, OfficesDep, SessionDep, SettingsDep
from sync.hq.api.templates import templates
from sync.hq.clock import local_moment, zone_and_label
from sync.hq.dashboard.exports import content_disposition, to_csv, to_xlsx
from sync.hq.db import write_session
from sync.hq.enrollment import create_enrollment_code, revoke_device
from sync.hq.errors import Forbidden, HQError, NotFound
from sync.hq.models import Event
from sync.nip import format_nip

router = APIRouter(prefix="/dashboard", include_in_schema=False)

SESSION_COOKIE = "hadir_hq_session"
LOGIN_CSRF_COOKIE = "hadir_hq_login_csrf"


class LoginRequired(HQError):
    status_code = 303


def staff(
    engine: EngineDep, session_cookie: Annotated[str | None, Cookie(alias=SESSION_COOKIE)] = None
) -> admin.StaffSession:
    if not session_cookie:
        raise LoginRequired("Please log in.", code="login_required")
    with write_session(engine) as session:
        found = admin.current_staff(session=session, cookie=session_cookie, now=utcnow())
    if found is None:
        raise LoginRequired("Please log in.", code="login_required")
    return found


StaffDep = Annotated[admin.StaffSession, Depends(staff)]


def _check_csrf(expected: str, given: str) -> None:
    if not given or not hmac.compare_digest(expected.encode(), given.encode()):
        raise Forbidden(
            "The form has expired or did not come from this dashboard; reload the page.",
            code="form_expired",
        )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, settings: SettingsDep) -> Response:
    token = secrets.token_urlsafe(32)
    response = templates.TemplateResponse(
        request, "login.html", {"csrf_token": token, "error": None}
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=settings.cookie_secure
    )
    return response


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    login_cookie: Annotated[str | None, Cookie(alias=LOGIN_CSRF_COOKIE)] = None,
) -> Response:
    _check_csrf(login_cookie or "", csrf_token)
    # Wrong passwords are counted per account and source in the database (sync.hq.lockout).
    source = request.client.host if request.client else "unknown"
    now = utcnow()
    with write_session(engine) as session:
        wait_until = lockout.locked_until(
            session=session, username=username, source=source, now=now
        )
        outcome = None
        if wait_until is None:
            outcome = admin.log_in(
                session=session,
                username=username,
                password=password,
                now=now,
                lifetime=timedelta(hours=settings.session_hours),
            )
            if outcome is None:
                lockout.record_failure(session=session, username=username, source=source, now=now)
            else:
                lockout.record_success(session=session, username=username, source=source)
    if wait_until is not None:
        minutes = max(1, round((wait_until - now).total_seconds() / 60))
        return templates.TemplateResponse(
            request,
            "login.html",
            {
                "csrf_token": csrf_token,
                "error": "Terlalu banyak percobaan yang salah dari alamat ini. "
                f"Coba lagi dalam {minutes} menit.",
            },
            status_code=429,
        )
    if outcome is None:
        return templates.TemplateResponse(
            request,
            "login.html",
            {"csrf_token": csrf_token, "error": "Nama pengguna atau kata sandi salah."},
            status_code=401,
        )
    cookie, _ = outcome
    response = RedirectResponse("/dashboard/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        max_age=settings.session_hours * 3600,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(
    engine: EngineDep,
    who: StaffDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    session_cookie: Annotated[str | None, Cookie(alias=SESSION_COOKIE)] = None,
) -> Response:
    _check_csrf(who.csrf_token, csrf_token)
    with write_session(engine) as session:
        admin.log_out(session=session, cookie=session_cookie or "")
    response = RedirectResponse("/dashboard/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _overview(
    request: Request,
    who: admin.StaffSession,
    session: SessionDep,
    offices: OfficesDep,
    settings: SettingsDep,
    *,
    new_code: tuple[str, str] | None = None,
    message: str | None = None,
) -> Response:
    desks = reports.desks(
        session=session, offices=offices, skew_limit=settings.clock_skew_warning_seconds
    )
    return templates.TemplateResponse(
        request,
        "overview.html",
        {
            "who": who,
            "csrf_token": who.csrf_token,
            "desks": desks,
            "events": reports.events(session=session),
            "offices": offices,
            "new_code": new_code,
            "message": message,
        },
    )


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request, who: StaffDep, session: SessionDep, offices: OfficesDep, settings: SettingsDep
) -> Response:
    return _overview(request, who, session, offices, settings)


@router.post("/enrollment-codes", response_class=HTMLResponse)
def new_enrollment_code(
    request: Request,
    who: StaffDep,
    engine: EngineDep,
    session: SessionDep,
    offices: OfficesDep,
    settings: SettingsDep,
    office: Annotated[str, Form(max_length=16)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    _check_csrf(who.csrf_token, csrf_token)
    with write_session(engine) as writer:
        code = create_enrollment_code(
            session=writer,
            office_code=office,
            offices=offices,
            now=utcnow(),
            valid_for=timedelta(hours=settings.enrollment_code_hours),
        )
    return _overview(request, who, session, offices, settings, new_code=(office.upper(), code))


@router.post("/devices/{device_id}/revoke", response_class=HTMLResponse)
def revoke(
    request: Request,
    device_id: str,
    who: StaffDep,
    engine: EngineDep,
    session: SessionDep,
    offices: OfficesDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    _check_csrf(who.csrf_token, csrf_token)
    with write_session(engine) as writer:
        device = revoke_device(session=writer, device_id=device_id, now=utcnow())
    return _overview(
        request,
        who,
        session,
        offices,
        settings,
        message=f"Meja '{device.desk_name}' telah dicabut.",
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, who: StaffDep, session: SessionDep) -> Response:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("No such event.", code="event_unknown")
    row = next(r for r in reports.events(session=session) if r.event_id == event_id)
    return templates.TemplateResponse(
        request,
        "event.html",
        {
            "who": who,
            "csrf_token": who.csrf_token,
            "event": row,
            "attendance": reports.attendance_rows(session=session, event_id=event_id),
            "duplicates": reports.duplicate_certificates(session=session, event_id=event_id),
            "desks": reports.event_desks(session=session, event_id=event_id),
            "online_reports": reports.online_reports(session=session, event_id=event_id),
        },
    )


Format = Literal["csv", "xlsx"]
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file(
    name: str, title: str, fmt: Format, header: list[str], rows: list[list[str | int | None]]
) -> Response:
    body = to_csv(header, rows) if fmt == "csv" else to_xlsx(title, header, rows)
    return Response(
        body,
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": content_disposition(name, fmt)},
    )


@router.get("/export/events.{fmt}")
def export_events(fmt: Format, who: StaffDep, session: SessionDep) -> Response:
    rows = reports.events(session=session)
    days = sorted({day for row in rows for day in row.attended_per_day})
    header = [
        "Kantor",
        "Kegiatan",
        "Tanggal",
        "Terdaftar",
        *[f"Hadir hari {d}" for d in days],
        "Daring",
        "Daring memenuhi syarat",
        "Sertifikat",
    ]
    data: list[list[str | int | None]] = [
        [
            r.office_code,
            r.title,
            r.dates,
            r.registered,
            *[r.attended_per_day.get(d, 0) for d in days],
            r.online,
            r.online_eligible,
            r.certificates,
        ]
        for r in rows
    ]
    return _file("kegiatan", "Kegiatan", fmt, header, data)


@router.get("/export/desks.{fmt}")
def export_desks(
    fmt: Format, who: StaffDep, session: SessionDep, offices: OfficesDep, settings: SettingsDep
) -> Response:
    """The desks table as a file: one row per desk and way its records reach HQ (directly, or
    through each venue hub), so a desk that does both has two rows."""
    rows = reports.desks(
        session=session, offices=offices, skew_limit=settings.clock_skew_warning_seconds
    )
    header = ["Kantor", "Meja", "ID meja", "Terdaftar di HQ", "Jalur sinkron", "Terakhir"]
    data: list[list[str | int | None]] = []
    for d in rows:
        for route in d.routes or (None,):
            data.append(
                [
                    d.office_code,
                    d.desk_name,
                    d.desk_id,
                    "ya" if d.device_id else "tidak",
                    "-"
                    if route is None
                    else f"Melalui hub: {route.hub}"
                    if route.hub
                    else "Langsung",
                    None
                    if route is None or route.last_at is None
                    else local_moment(route.last_at, d.office_timezone)[0].isoformat(),
                ]
            )
    return _file("meja", "Meja", fmt, header, data)


@router.get("/export/events/{event_id}/attendance.{fmt}")
def export_attendance(event_id: str, fmt: Format, who: StaffDep, session: SessionDep) -> Response:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("No such event.", code="event_unknown")
    rows = reports.attendance_rows(session=session, event_id=event_id)
    # In the event's zone, as the desk's paper sheet; the ISO text keeps its offset for machines.
    # A zone HQ does not know (stored before ingest checked zones) reads as UTC, and says so.
    _zone, label = zone_and_label(event.timezone)
    header = ["Hari", "Nama", "NIP", "Instansi", f"Waktu hadir ({label})", "Meja"]
    data: list[list[str | int | None]] = [
        [
            r.day,
            r.name,
            format_nip(r.nip),  # as the desk's sheet prints it, and text to a spreadsheet
            r.instansi,
            local_moment(r.first_at, event.timezone)[0].isoformat(),
            r.desk_name,
        ]
        for r in rows
    ]
    return _file(f"daftar-hadir-{event_id}", "Daftar hadir", fmt, header, data)
