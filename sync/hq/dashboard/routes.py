"""The HQ staff dashboard: login, desks and events at a glance, enrollment codes, revocation,
exports. Every form that changes something carries the session's CSRF token.

Issue 19 item 4: an office's account sees and exports only its office (another office's event or
desk reads as not found), a viewer changes nothing, an office's admin changes only its office.
Accounts themselves are managed in sync/hq/dashboard/accounts.py."""

from __future__ import annotations

import hmac
import logging
import secrets
from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Cookie, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sync.clock import utcnow
from sync.hq import admin, reports
from sync.hq.api.deps import EngineDep, OfficesDep, SessionDep, SettingsDep
from sync.hq.api.templates import templates
from sync.hq.clock import local_moment, zone_and_label
from sync.hq.dashboard.exports import content_disposition, to_csv, to_xlsx
from sync.hq.db import write_session
from sync.hq.enrollment import create_enrollment_code, revoke_device
from sync.hq.errors import Forbidden, HQError, NotFound
from sync.hq.models import Device, Event
from sync.hq.security import totp_key_bytes
from sync.nip import format_nip

log = logging.getLogger(__name__)
router = APIRouter(prefix="/dashboard", include_in_schema=False)

SESSION_COOKIE = "hadir_hq_session"
LOGIN_CSRF_COOKIE = "hadir_hq_login_csrf"
PENDING_LOGIN_COOKIE = "hadir_hq_pending_login"
# Where an account whose password an HQ admin reset may go before it has chosen its own.
_WHILE_PASSWORD_MUST_CHANGE = ("/dashboard/account", "/dashboard/logout")


def _allowed_while_password_must_change(path: str) -> bool:
    return path in _WHILE_PASSWORD_MUST_CHANGE or path.startswith("/dashboard/account/")


class LoginRequired(HQError):
    """Answered with a redirect (sync/hq/app.py): to the login page, or to ``location``."""

    status_code = 303
    location = "/dashboard/login"


class PasswordChangeRequired(LoginRequired):
    location = "/dashboard/account"


def staff(
    request: Request,
    engine: EngineDep,
    session_cookie: Annotated[str | None, Cookie(alias=SESSION_COOKIE)] = None,
) -> admin.StaffSession:
    if not session_cookie:
        raise LoginRequired("Please log in.", code="login_required")
    with write_session(engine) as session:
        found = admin.current_staff(session=session, cookie=session_cookie, now=utcnow())
    if found is None:
        raise LoginRequired("Please log in.", code="login_required")
    if found.must_change_password and not _allowed_while_password_must_change(request.url.path):
        raise PasswordChangeRequired(
            "Choose a new password first.", code="admin_password_must_change"
        )
    return found


StaffDep = Annotated[admin.StaffSession, Depends(staff)]


def client_source(request: Request) -> str:
    """The client's address as HQ believes it (X-Forwarded-For only from trusted proxies)."""
    return request.client.host if request.client else "unknown"


def check_csrf(expected: str, given: str) -> None:
    if not given or not hmac.compare_digest(expected.encode(), given.encode()):
        raise Forbidden(
            "The form has expired or did not come from this dashboard; reload the page.",
            code="form_expired",
        )


def _require_admin(who: admin.StaffSession, office_code: str | None = None) -> None:
    """Viewers change nothing; an office's admin changes only its own office."""
    if not who.is_admin:
        raise Forbidden(
            "This account may only look and export; ask an admin to make this change.",
            code="staff_viewer",
        )
    if office_code is not None and not who.may_see(office_code):
        raise Forbidden(
            f"This account belongs to office {who.office}; it cannot change {office_code}'s.",
            code="staff_other_office",
            office=office_code,
        )


def _login_page(
    request: Request,
    *,
    csrf_token: str,
    error: str | None,
    status: int = 200,
    step: str = "password",
) -> Response:
    return templates.TemplateResponse(
        request,
        "login.html",
        {"csrf_token": csrf_token, "error": error, "step": step},
        status_code=status,
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, settings: SettingsDep) -> Response:
    token = secrets.token_urlsafe(32)
    response = _login_page(request, csrf_token=token, error=None)
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=settings.cookie_secure
    )
    return response


def _after_sign_in(
    request: Request, settings: SettingsDep, outcome: admin.SignIn, csrf_token: str
) -> Response:
    now = utcnow()
    if outcome.outcome == "locked":
        minutes = max(1, round(((outcome.until or now) - now).total_seconds() / 60))
        where = (
            "dari alamat ini"
            if outcome.scope == "source"
            else "untuk akun ini (admin pusat dapat membukanya)"
        )
        return _login_page(
            request,
            csrf_token=csrf_token,
            error=f"Terlalu banyak percobaan yang salah {where}. Coba lagi dalam {minutes} menit.",
            status=429,
        )
    if outcome.outcome == "needs_code":
        response = _login_page(request, csrf_token=csrf_token, error=None, step="code")
        response.set_cookie(
            PENDING_LOGIN_COOKIE,
            outcome.cookie,
            httponly=True,
            samesite="strict",
            secure=settings.cookie_secure,
            max_age=int(admin.PENDING_LOGIN_LIFETIME.total_seconds()),
        )
        return response
    if outcome.outcome == "refused":
        return _login_page(
            request,
            csrf_token=csrf_token,
            error="Kode salah atau sudah dipakai." if outcome.cookie else None,
            status=401,
            step="code" if outcome.cookie else "password",
        )
    response = RedirectResponse(
        "/dashboard/account"
        if outcome.staff and outcome.staff.must_change_password
        else "/dashboard/",
        status_code=303,
    )
    response.set_cookie(
        SESSION_COOKIE,
        outcome.cookie,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        max_age=settings.session_hours * 3600,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    response.delete_cookie(PENDING_LOGIN_COOKIE)
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
    check_csrf(login_cookie or "", csrf_token)
    # Wrong passwords are counted per account and source, and per account from every source, in
    # the database (sync.hq.lockout); sign_in audits every outcome.
    with write_session(engine) as session:
        outcome = admin.sign_in(
            session=session,
            username=username,
            password=password,
            source=client_source(request),
            now=utcnow(),
            lifetime=timedelta(hours=settings.session_hours),
        )
    if outcome.outcome == "refused":
        return _login_page(
            request,
            csrf_token=csrf_token,
            error="Nama pengguna atau kata sandi salah.",
            status=401,
        )
    return _after_sign_in(request, settings, outcome, csrf_token)


@router.post("/login/code", response_class=HTMLResponse)
def login_code(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    code: Annotated[str, Form(max_length=16)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    login_cookie: Annotated[str | None, Cookie(alias=LOGIN_CSRF_COOKIE)] = None,
    pending_cookie: Annotated[str | None, Cookie(alias=PENDING_LOGIN_COOKIE)] = None,
) -> Response:
    """The second step: the 6-digit code of an account with TOTP on."""
    check_csrf(login_cookie or "", csrf_token)
    try:
        with write_session(engine) as session:
            outcome = admin.sign_in_code(
                session=session,
                pending_cookie=pending_cookie or "",
                code=code,
                source=client_source(request),
                now=utcnow(),
                lifetime=timedelta(hours=settings.session_hours),
                totp_key=totp_key_bytes(settings.totp_key),
            )
    except HQError as error:
        # HQ's TOTP key is missing or not the one the secret was sealed with: the server's fault,
        # which an HQ admin works around by resetting the account's TOTP.
        log.error("TOTP sign-in impossible: %s", error.message)
        return _login_page(
            request,
            csrf_token=csrf_token,
            error="Kode tidak dapat diperiksa di server ini. Minta admin pusat mengatur ulang "
            "TOTP akun ini.",
            status=error.status_code,
        )
    if outcome.outcome == "refused" and not outcome.cookie:
        return _login_page(
            request,
            csrf_token=csrf_token,
            error="Langkah kode sudah kedaluwarsa; masuk lagi dengan kata sandi.",
            status=401,
        )
    return _after_sign_in(request, settings, outcome, csrf_token)


@router.post("/logout")
def logout(
    request: Request,
    engine: EngineDep,
    who: StaffDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    session_cookie: Annotated[str | None, Cookie(alias=SESSION_COOKIE)] = None,
) -> Response:
    check_csrf(who.csrf_token, csrf_token)
    with write_session(engine) as session:
        admin.log_out(
            session=session,
            cookie=session_cookie or "",
            now=utcnow(),
            source=client_source(request),
        )
    response = RedirectResponse("/dashboard/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _visible_events(session: SessionDep, who: admin.StaffSession) -> list[reports.EventRow]:
    return reports.events(session=session, office_code=who.office)


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
            "desks": [d for d in desks if who.may_see(d.office_code)],
            "events": _visible_events(session, who),
            # The offices this account may make enrollment codes for.
            "offices": {c: o for c, o in offices.items() if who.may_see(c)},
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
    check_csrf(who.csrf_token, csrf_token)
    _require_admin(who, office.strip().upper())
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
    check_csrf(who.csrf_token, csrf_token)
    _require_admin(who)
    known = session.get(Device, device_id)
    if known is None or not who.may_see(known.office_code):
        # Another office's desk reads as no desk at all: its id tells an office account nothing.
        raise NotFound(f"No desk with id '{device_id}'.", code="desk_unknown", device_id=device_id)
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


def _visible_event(session: SessionDep, who: admin.StaffSession, event_id: str) -> Event:
    """The event, if this account may see its office; another office's reads as no event."""
    event = session.get(Event, event_id)
    if event is None or not who.may_see(event.office_code):
        raise NotFound("No such event.", code="event_unknown")
    return event


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, who: StaffDep, session: SessionDep) -> Response:
    event = _visible_event(session, who, event_id)
    row = next(
        r
        for r in reports.events(session=session, office_code=event.office_code)
        if r.event_id == event_id
    )
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
    rows = _visible_events(session, who)
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
        if not who.may_see(d.office_code):
            continue
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
    event = _visible_event(session, who, event_id)
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
