"""The dashboard's account pages (issue 19 item 4): HQ admins manage staff accounts at
``/dashboard/accounts``; every account changes its own password and TOTP at ``/dashboard/account``.

Thin routes over sync.hq.admin (the functions ``hadir-hq admin`` calls too). A service's refusal
(a weak password, a wrong code) shows on the page in Bahasa Indonesia; a caller without the right
(not an HQ admin) gets 403.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from sync.clock import utcnow
from sync.documents import qr
from sync.hq import admin
from sync.hq.api.deps import EngineDep, OfficesDep, SessionDep, SettingsDep
from sync.hq.api.templates import templates
from sync.hq.dashboard.routes import StaffDep, check_csrf, client_source
from sync.hq.db import read_session, write_session
from sync.hq.errors import Forbidden, HQError, Invalid
from sync.hq.security import totp_key_bytes

router = APIRouter(prefix="/dashboard", include_in_schema=False)

HQ_ZONE = "Asia/Jakarta"  # the accounts page is HQ's own: its times in WIB, and it says so

# The services' refusals as the page says them; a code not here shows the service's sentence.
_TEXT = {
    "admin_username": "Nama pengguna perlu 1 sampai 64 karakter.",
    "admin_exists": "Nama pengguna itu sudah dipakai.",
    "admin_role": "Peran harus admin atau peninjau.",
    "office_unknown": "Kode kantor tidak dikenal.",
    "admin_password_short": f"Kata sandi minimal {admin.MIN_PASSWORD_LENGTH} karakter.",
    "admin_password_username": "Kata sandi tidak boleh sama dengan nama pengguna.",
    "admin_password_common": "Kata sandi ini terlalu umum; pilih yang tidak mudah ditebak.",
    "admin_password_wrong": "Kata sandi saat ini salah.",
    "admin_password_same": "Kata sandi baru sama dengan yang lama.",
    "admin_password_mismatch": "Kedua kata sandi baru tidak sama.",
    "admin_last": "Ini admin pusat terakhir yang aktif; buat admin pusat lain dahulu.",
    "admin_unknown": "Akun tidak ditemukan.",
    "totp_key_missing": "TOTP belum disiapkan di server ini (HADIR_HQ_TOTP_KEY kosong); "
    "hubungi pengelola server.",
    "totp_key_invalid": "HADIR_HQ_TOTP_KEY di server ini tidak sah; hubungi pengelola server.",
    "totp_secret_unreadable": "Rahasia TOTP akun ini tidak dapat dibuka; minta admin pusat "
    "mengatur ulang TOTP.",
    "totp_already_on": "TOTP sudah aktif untuk akun ini.",
    "totp_not_started": "Mulai pengaturan TOTP terlebih dahulu.",
    "totp_code_wrong": "Kode salah. Periksa jam ponsel dan ketik kode yang tampil sekarang.",
}


def _text(error: HQError) -> str:
    return _TEXT.get(error.code, error.message)


def qr_svg(text: str, *, label: str) -> Markup:
    """A QR code as inline SVG, drawn here (no script, no CDN): dark modules as horizontal runs
    in one path, with the standard's quiet zone."""
    matrix = qr.encode(text)
    size, quiet = matrix.size, qr.QUIET_ZONE
    runs: list[str] = []
    for y in range(size):
        row = matrix.modules[y * size : (y + 1) * size]
        x = 0
        while x < size:
            if row[x] == 0:
                start = x
                while x < size and row[x] == 0:
                    x += 1
                runs.append(f"M{start + quiet} {y + quiet}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    side = size + 2 * quiet
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="220" '
        f'height="220" role="img" aria-label="{Markup.escape(label)}" id="totp-qr" '
        f'shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def _require_hq_admin(who: admin.StaffSession) -> None:
    if not who.is_hq_admin:
        raise Forbidden("Only an HQ admin manages staff accounts.", code="staff_not_hq_admin")


def _accounts_page(
    request: Request,
    who: admin.StaffSession,
    engine: EngineDep,
    offices: OfficesDep,
    *,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
    temporary: tuple[str, str] | None = None,
) -> Response:
    now = utcnow()
    with read_session(engine) as session:
        accounts = admin.list_accounts(session=session, now=now)
        audit = admin.recent_audit(session=session)
    return templates.TemplateResponse(
        request,
        "accounts.html",
        {
            "who": who,
            "csrf_token": who.csrf_token,
            "accounts": accounts,
            "audit": audit,
            "offices": offices,
            "zone": HQ_ZONE,
            "message": message,
            "error": error,
            "temporary": temporary,
        },
        status_code=status,
    )


@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(
    request: Request, who: StaffDep, engine: EngineDep, offices: OfficesDep
) -> Response:
    _require_hq_admin(who)
    return _accounts_page(request, who, engine, offices)


@router.post("/accounts", response_class=HTMLResponse)
def create_account(
    request: Request,
    who: StaffDep,
    engine: EngineDep,
    offices: OfficesDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    role: Annotated[str, Form(max_length=16)] = "viewer",
    office: Annotated[str, Form(max_length=16)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(who.csrf_token, csrf_token)
    _require_hq_admin(who)
    try:
        with write_session(engine) as session:
            admin.create_account(
                session=session,
                username=username,
                password=password,
                now=utcnow(),
                role=role,
                office=office or None,
                offices=offices,
                by=who.username,
                source=client_source(request),
            )
    except HQError as error:
        return _accounts_page(
            request, who, engine, offices, error=_text(error), status=error.status_code
        )
    return _accounts_page(
        request, who, engine, offices, message=f"Akun '{username.strip()}' telah dibuat."
    )


Action = Literal["disable", "enable", "reset-password", "reset-totp", "unlock"]
_DONE = {
    "disable": "Akun '{}' dinonaktifkan; sesinya berakhir.",
    "enable": "Akun '{}' diaktifkan kembali.",
    "reset-password": "Kata sandi akun '{}' diatur ulang.",
    "reset-totp": "TOTP akun '{}' dimatikan; akun masuk dengan kata sandi saja.",
    "unlock": "Kunci percobaan masuk akun '{}' dibuka.",
}


@router.post("/accounts/{account_id}/{action}", response_class=HTMLResponse)
def account_action(
    request: Request,
    account_id: int,
    action: Action,
    who: StaffDep,
    engine: EngineDep,
    offices: OfficesDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(who.csrf_token, csrf_token)
    _require_hq_admin(who)
    by, now, source = who.username, utcnow(), client_source(request)
    temporary = None
    try:
        with write_session(engine) as session:
            name = admin.username_of(session=session, account_id=account_id)
            common: dict[str, Any] = {
                "session": session,
                "username": name,
                "by": by,
                "now": now,
                "source": source,
            }
            if action in ("disable", "enable"):
                admin.set_disabled(disabled=action == "disable", **common)
            elif action == "reset-password":
                temporary = (name, admin.reset_password(**common))
            elif action == "reset-totp":
                admin.reset_totp(**common)
            else:
                admin.unlock_account(**common)
    except HQError as error:
        return _accounts_page(
            request, who, engine, offices, error=_text(error), status=error.status_code
        )
    return _accounts_page(
        request, who, engine, offices, message=_DONE[action].format(name), temporary=temporary
    )


# ------------------------------------------------------------------------------ one's own account


def _account_page(
    request: Request,
    who: admin.StaffSession,
    session: SessionDep,
    settings: SettingsDep,
    *,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    setup = None
    try:
        if settings.totp_key and not who.totp_enabled:
            setup = admin.pending_totp(
                session=session, user_id=who.user_id, totp_key=totp_key_bytes(settings.totp_key)
            )
    except HQError as problem:
        error = error or _text(problem)
    return templates.TemplateResponse(
        request,
        "account.html",
        {
            "who": who,
            "csrf_token": who.csrf_token,
            "setup": setup,
            "qr": None if setup is None else qr_svg(setup.uri, label="Kode QR rahasia TOTP"),
            "message": message,
            "error": error,
            "minimum": admin.MIN_PASSWORD_LENGTH,
        },
        status_code=status,
    )


def _fresh(engine: EngineDep, who: admin.StaffSession) -> admin.StaffSession:
    """The caller as the database says now (a change just made: TOTP on, password changed)."""
    with read_session(engine) as session:
        accounts = {a.id: a for a in admin.list_accounts(session=session, now=utcnow())}
    mine = accounts.get(who.user_id)
    if mine is None:
        return who
    return admin.StaffSession(
        who.user_id,
        who.username,
        who.csrf_token,
        role=mine.role,
        office=mine.office,
        must_change_password=mine.must_change_password,
        totp_enabled=mine.totp_enabled,
    )


@router.get("/account", response_class=HTMLResponse)
def account_page(
    request: Request, who: StaffDep, session: SessionDep, settings: SettingsDep
) -> Response:
    message = (
        "Kata sandi akun ini baru diatur ulang oleh admin pusat: pilih kata sandi baru dahulu."
        if who.must_change_password
        else None
    )
    return _account_page(request, who, session, settings, message=message)


def _own_change(
    request: Request,
    who: admin.StaffSession,
    engine: EngineDep,
    settings: SettingsDep,
    change: Any,
    done: str,
) -> Response:
    try:
        with write_session(engine) as writer:
            change(writer)
    except HQError as error:
        with read_session(engine) as session:
            return _account_page(
                request, who, session, settings, error=_text(error), status=error.status_code
            )
    with read_session(engine) as session:
        return _account_page(request, _fresh(engine, who), session, settings, message=done)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    who: StaffDep,
    engine: EngineDep,
    settings: SettingsDep,
    current: Annotated[str, Form(max_length=1024)] = "",
    new: Annotated[str, Form(max_length=1024)] = "",
    repeat: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(who.csrf_token, csrf_token)

    def change(session: Any) -> None:
        if new != repeat:
            raise Invalid("The two new passwords differ.", code="admin_password_mismatch")
        admin.change_password(
            session=session,
            user_id=who.user_id,
            current=current,
            new=new,
            now=utcnow(),
            source=client_source(request),
        )

    return _own_change(request, who, engine, settings, change, "Kata sandi telah diganti.")


@router.post("/account/totp/{step}", response_class=HTMLResponse)
def totp_step(
    request: Request,
    step: Literal["start", "confirm", "off"],
    who: StaffDep,
    engine: EngineDep,
    settings: SettingsDep,
    code: Annotated[str, Form(max_length=16)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Turning TOTP on (start: a secret to scan; confirm: a code from it) or off (the password)."""
    check_csrf(who.csrf_token, csrf_token)
    now, source = utcnow(), client_source(request)

    def change(session: Any) -> None:
        if step == "off":
            admin.turn_off_totp(
                session=session, user_id=who.user_id, password=password, now=now, source=source
            )
            return
        key = totp_key_bytes(settings.totp_key)
        if step == "start":
            admin.begin_totp(session=session, user_id=who.user_id, totp_key=key, now=now)
        else:
            admin.confirm_totp(
                session=session,
                user_id=who.user_id,
                code=code,
                totp_key=key,
                now=now,
                source=source,
            )

    done = {
        "start": "Pindai kode QR dengan aplikasi autentikator, lalu ketik kodenya.",
        "confirm": "TOTP aktif: masuk berikutnya meminta kode 6 angka.",
        "off": "TOTP dimatikan.",
    }[step]
    return _own_change(request, who, engine, settings, change, done)
