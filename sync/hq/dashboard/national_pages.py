"""The national page and the office pages (issue 19 item 3), their exports and the targets form.

Each figure is built once as a ``Figure`` (a title, a header and rows): the page shows it as the
table beside its chart, and ``/dashboard/export/...`` writes the same rows as CSV or XLSX, so a
download says what the page says. Office staff (``who.office``) see only their own office: the
national page sends them to it, and another office's page or files answer as if it did not exist.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sync.clock import utcnow
from sync.hq import admin, coverage, national, reports
from sync.hq.api.deps import EngineDep, OfficesDep, SessionDep, SettingsDep
from sync.hq.api.templates import templates
from sync.hq.clock import local_moment
from sync.hq.dashboard import charts
from sync.hq.dashboard.routes import Format, StaffDep, _file, check_csrf
from sync.hq.db import write_session
from sync.hq.errors import Forbidden, HQError, NotFound
from sync.offices import Office

router = APIRouter(prefix="/dashboard", include_in_schema=False)
log = logging.getLogger("hadir-hq.dashboard")

Cell = str | int | None


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure's numbers: the table beside its chart, and its download."""

    name: str  # the file's name: "bulanan", "instansi", ...
    title: str
    header: list[str]
    rows: list[list[Cell]]


def _year_and_mode(year: int | None, mode: str | None) -> tuple[int, str | None]:
    year = national.current_year() if year is None else year
    mode = mode or None  # the form's "Semua" sends an empty value
    if mode is not None and mode not in national.MODES:
        raise NotFound(f"Mode {mode!r} is none of luring, daring.", code="mode_unknown")
    return year, mode


def _through(year: int) -> int:
    """The months of ``year`` that have begun: the pace chart draws no future."""
    now = utcnow()
    return 12 if year < now.year else (now.month if year == now.year else 0)


def _query(year: int, mode: str | None, **more: str) -> str:
    return urlencode({"year": year, "mode": mode or "", **more})


def _national(
    session: SessionDep, offices: dict[str, Office], year: int, mode: str | None
) -> dict[str, Any]:
    """The national figures the page and its exports share: the nation's and each office's
    figures, the offices by people trained."""
    picture = national.figures(session=session, year=year, offices=offices, mode=mode)
    ranked = sorted(picture.by_office, key=lambda row: (-row.people_trained, row.office))
    return {"year": year, "mode": mode or "", "picture": picture, "ranked": ranked}


# ------------------------------------------------------------------------------ the figures


def _offices_figure(figures: dict[str, Any]) -> Figure:
    picture = figures["picture"]
    rows: list[list[Cell]] = [
        [
            row.office,
            row.name,
            row.people_trained,
            row.target or None,
            charts.percent(row.people_trained, row.target),
            row.events,
            row.jp,
        ]
        for row in figures["ranked"]
    ]
    rows.append(
        [
            "NASIONAL",
            "Seluruh Indonesia (satu orang dihitung sekali)",
            picture.people_trained,
            picture.target,
            charts.percent(picture.people_trained, picture.target),
            sum(row.events for row in picture.by_office),
            sum(row.jp for row in picture.by_office),
        ]
    )
    header = ["Kantor", "Nama", "Orang terlatih", "Target", "Capaian", "Kegiatan", "JP"]
    return Figure("kantor", "Kantor wilayah", header, rows)


def _monthly_figure(monthly: list[int], target: int) -> Figure:
    running, rows = 0, list[list[Cell]]()
    for index, n in enumerate(monthly):
        running += n
        needed = round(target * (index + 1) / 12) if target > 0 else None
        rows.append([charts.SHORT_MONTHS[index], n, running, needed])
    header = ["Bulan", "Baru terlatih", "Sampai bulan ini", "Laju target"]
    return Figure("bulanan", "Tiap bulan", header, rows)


def _modes_figure(by_mode: dict[str, int]) -> Figure:
    return Figure(
        "cara-ikut",
        "Luring dan daring",
        ["Cara ikut", "Orang terlatih"],
        [["Luring (di ruangan)", by_mode["luring"]], ["Daring", by_mode["daring"]]],
    )


def _unreached_figure(found: coverage.Coverage) -> Figure:
    return Figure(
        "instansi-belum-terjangkau",
        "Instansi terbesar belum terjangkau",
        ["Instansi", "Provinsi", "Jumlah ASN"],
        [[a.name, a.province or "Pusat", a.asn] for a in found.largest_unreached],
    )


def _provinces_figure(found: coverage.Coverage) -> Figure:
    header = ["Provinsi", "Orang terlatih", "Instansi terjangkau"]
    if found.list_loaded:
        header += ["Instansi dalam daftar", "Dalam daftar terjangkau"]
    rows: list[list[Cell]] = []
    for p in found.by_province:
        row: list[Cell] = [p.province, p.people_trained, p.agencies_reached]
        if found.list_loaded:
            row += [p.agencies_listed, p.listed_reached]
        rows.append(row)
    return Figure("provinsi", "Per provinsi", header, rows)


def _events_figure(events: list[national.OfficeEvent]) -> Figure:
    header = ["Kegiatan", "Tanggal", "Cara", "JP", "Terdaftar", "Hadir", "Bersertifikat"]
    rows: list[list[Cell]] = [
        [e.title, e.dates, e.mode, e.jp, e.registered, e.attended, e.certified] for e in events
    ]
    return Figure("kegiatan", "Kegiatan", header, rows)


def _desks_figure(desks: list[reports.DeskRow], zone: str) -> Figure:
    rows: list[list[Cell]] = [
        [
            d.desk_name,
            d.desk_id,
            "dicabut" if d.revoked else ("terdaftar" if d.device_id else "melalui hub"),
            None if d.last_seen_at is None else local_moment(d.last_seen_at, zone)[0].isoformat(),
        ]
        for d in desks
    ]
    return Figure("meja", "Meja", ["Meja", "ID meja", "Status", "Kontak terakhir"], rows)


def _office_desks(
    session: SessionDep, offices: dict[str, Office], settings: SettingsDep, code: str
) -> list[reports.DeskRow]:
    every = reports.desks(
        session=session, offices=offices, skew_limit=settings.clock_skew_warning_seconds
    )
    return [d for d in every if d.office_code == code]


def _province_chart(found: coverage.Coverage, title: str) -> Any:
    return charts.bars(
        [charts.Bar(p.province, p.people_trained) for p in found.by_province],
        title=title,
    )


# --------------------------------------------------------------------------- the national page


@router.get("/national", response_class=HTMLResponse)
def national_page(
    request: Request,
    who: StaffDep,
    session: SessionDep,
    offices: OfficesDep,
    year: int | None = None,
    mode: str | None = None,
    office: str | None = None,
    saved: str | None = None,
) -> Response:
    year, chosen_mode = _year_and_mode(year, mode)
    if who.office is not None or office:
        # The office filter is the office's page; office staff have only theirs.
        code = who.office or (office or "").strip().upper()
        return RedirectResponse(
            f"/dashboard/offices/{code}?{_query(year, chosen_mode)}", status_code=303
        )
    return _render_national(request, who, session, offices, year, chosen_mode, saved=saved)


def _render_national(
    request: Request,
    who: admin.StaffSession,
    session: SessionDep,
    offices: dict[str, Office],
    year: int,
    mode: str | None,
    *,
    saved: str | None = None,
    error: str | None = None,
) -> Response:
    figures = _national(session, offices, year, mode)
    picture = figures["picture"]
    monthly = national.monthly(session=session, year=year, mode=mode)
    by_mode = national.by_mode(session=session, year=year)
    found = coverage.kept(session=session, year=year, offices=offices, mode=mode)
    query = _query(year, mode)
    context = {
        "who": who,
        "csrf_token": who.csrf_token,
        **figures,
        "query": query,
        **_shared_parts(monthly, picture.target, by_mode, found),
        "charts": {
            "progress": charts.progress(
                value=picture.people_trained,
                target=picture.target,
                title=f"Orang terlatih {year} menuju target nasional",
            ),
            "offices": charts.bars(
                [
                    charts.Bar(
                        row.province,
                        row.people_trained,
                        row.target,
                        link=f"/dashboard/offices/{row.office}?{query}",
                    )
                    for row in figures["ranked"]
                ],
                title=f"Orang terlatih {year} per kantor wilayah, dengan targetnya",
            ),
            **_shared_charts(year, monthly, picture.target, by_mode, found, whose=""),
        },
        "offices": offices,
        "saved": saved,
        "error": error,
        **_common(year),
    }
    return templates.TemplateResponse(
        request, "national.html", context, status_code=422 if error else 200
    )


def _common(year: int) -> dict[str, Any]:
    now = utcnow()
    return {
        "months": charts.SHORT_MONTHS,
        "number": charts.number,
        "percent": charts.percent,
        "years": sorted({*range(now.year - 4, now.year + 2), year}),
    }


@router.post("/targets", response_class=HTMLResponse)
def set_target(
    request: Request,
    who: StaffDep,
    engine: EngineDep,
    session: SessionDep,
    offices: OfficesDep,
    year: Annotated[int, Form()],
    scope: Annotated[str, Form(max_length=16)],
    people: Annotated[int, Form()],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """An HQ admin sets the nation's or an office's target for the year, through the function
    ``hadir-hq target set`` uses; the row keeps who set it and when, and the log says so."""
    check_csrf(who.csrf_token, csrf_token)
    if not who.is_hq_admin:
        raise Forbidden(
            "Only an HQ admin sets targets; ask one, or sign in with an HQ admin account.",
            code="admin_only",
        )
    scope = scope.strip().upper() if scope != national.NATION else scope
    try:
        with write_session(engine) as writer:
            national.set_target(
                session=writer,
                scope=scope,
                year=year,
                people=people,
                offices=offices,
                by=who.username,
            )
    except HQError as refused:
        return _render_national(request, who, session, offices, year, None, error=refused.message)
    log.info("audit: %s set the target %s %s to %s people", who.username, scope, year, people)
    return RedirectResponse(
        f"/dashboard/national?{urlencode({'year': year, 'saved': scope})}", status_code=303
    )


# ----------------------------------------------------------------------------- an office page


def _visible_office(who: admin.StaffSession, offices: dict[str, Office], code: str) -> Office:
    """The office this account may see, else "no such office" (never "not yours": an office's
    staff learn nothing of another's, not even that its code exists)."""
    found = offices.get(code.upper())
    if found is None or not who.may_see(found.code):
        raise NotFound(f"No office {code!r}.", code="office_unknown", office_code=code)
    return found


def _shared_parts(
    monthly: list[int], target: int, by_mode: dict[str, int], found: coverage.Coverage
) -> dict[str, Any]:
    """What the national page and an office's page both show beside their charts: the months
    against the target's pace, the modes, coverage."""
    return {
        "monthly": monthly,
        "monthly_figure": _monthly_figure(monthly, target),
        "by_mode": by_mode,
        "coverage": found,
        "unreached": _unreached_figure(found),
        "provinces": _provinces_figure(found),
    }


def _shared_charts(
    year: int,
    monthly: list[int],
    target: int,
    by_mode: dict[str, int],
    found: coverage.Coverage,
    *,
    whose: str,
) -> dict[str, Any]:
    """The charts both pages draw the same way: months against pace, modes, provinces
    (``whose``: "" for the nation, " oleh Kanwil Sulawesi Tengah" for an office's titles)."""
    return {
        "pace": charts.pace(
            monthly=monthly,
            target=target,
            through_month=_through(year),
            title=f"Orang terlatih{whose} sampai tiap bulan {year}, dibanding laju target",
        ),
        "modes": charts.bars(
            [charts.Bar("Luring", by_mode["luring"]), charts.Bar("Daring", by_mode["daring"])],
            title=f"Orang terlatih {year}{whose}, luring dan daring",
        ),
        "provinces": _province_chart(found, f"Orang terlatih {year}{whose} per provinsi"),
    }


@router.get("/offices/{code}", response_class=HTMLResponse)
def office_page(
    request: Request,
    code: str,
    who: StaffDep,
    session: SessionDep,
    offices: OfficesDep,
    settings: SettingsDep,
    year: int | None = None,
    mode: str | None = None,
) -> Response:
    office = _visible_office(who, offices, code)
    year, chosen_mode = _year_and_mode(year, mode)
    row = national.office_figures(
        session=session, year=year, offices=offices, code=office.code, mode=chosen_mode
    )
    monthly = national.monthly(session=session, year=year, mode=chosen_mode, office=office.code)
    by_mode = national.by_mode(session=session, year=year, office=office.code)
    found = coverage.kept(
        session=session, year=year, offices=offices, office=office.code, mode=chosen_mode
    )
    events = national.office_events(session=session, year=year, code=office.code)
    desks = _office_desks(session, offices, settings, office.code)
    target_text = f"target {office.province}" if row.target else "target (belum ditetapkan)"
    whose = f" oleh Kanwil {office.province}"
    context = {
        "who": who,
        "csrf_token": who.csrf_token,
        "office": office,
        "row": row,
        "year": year,
        "mode": chosen_mode or "",
        "query": _query(year, chosen_mode),
        **_shared_parts(monthly, row.target, by_mode, found),
        "events": events,
        "desks": desks,
        "charts": {
            "progress": charts.progress(
                value=row.people_trained,
                target=row.target,
                title=f"Orang terlatih {year} oleh Kanwil {office.province} menuju {target_text}",
            ),
            **_shared_charts(year, monthly, row.target, by_mode, found, whose=whose),
        },
        "offices": {code: o for code, o in offices.items() if who.may_see(code)},
        **_common(year),
    }
    return templates.TemplateResponse(request, "office.html", context)


# --------------------------------------------------------------------------------- the files


@router.get("/export/national.{fmt}")
def export_national(
    fmt: Format,
    who: StaffDep,
    session: SessionDep,
    offices: OfficesDep,
    year: int | None = None,
    mode: str | None = None,
) -> Response:
    """The office table (the national page's first download)."""
    _national_only(who)
    year, chosen_mode = _year_and_mode(year, mode)
    figure = _offices_figure(_national(session, offices, year, chosen_mode))
    return _download(figure, "nasional", year, chosen_mode, fmt, stem=f"nasional-{year}")


NATIONAL_FIGURES = ("bulanan", "cara-ikut", "instansi-belum-terjangkau", "provinsi")
OFFICE_FIGURES = (*NATIONAL_FIGURES, "kegiatan", "meja")


@router.get("/export/national/{figure}.{fmt}")
def export_national_figure(
    figure: str,
    fmt: Format,
    who: StaffDep,
    session: SessionDep,
    offices: OfficesDep,
    year: int | None = None,
    mode: str | None = None,
) -> Response:
    _national_only(who)
    year, chosen_mode = _year_and_mode(year, mode)
    if figure not in NATIONAL_FIGURES:
        raise NotFound(f"No figure {figure!r} on the national page.", code="route_unknown")
    built = _figure(session, offices, figure, year, chosen_mode, office=None)
    return _download(built, "nasional", year, chosen_mode, fmt)


@router.get("/export/offices/{code}/{figure}.{fmt}")
def export_office_figure(
    code: str,
    figure: str,
    fmt: Format,
    who: StaffDep,
    session: SessionDep,
    offices: OfficesDep,
    settings: SettingsDep,
    year: int | None = None,
    mode: str | None = None,
) -> Response:
    office = _visible_office(who, offices, code)
    year, chosen_mode = _year_and_mode(year, mode)
    if figure not in OFFICE_FIGURES:
        raise NotFound(f"No figure {figure!r} on an office page.", code="route_unknown")
    if figure == "kegiatan":
        built = _events_figure(national.office_events(session=session, year=year, code=office.code))
    elif figure == "meja":
        built = _desks_figure(
            _office_desks(session, offices, settings, office.code), office.timezone
        )
    else:
        built = _figure(session, offices, figure, year, chosen_mode, office=office.code)
    return _download(built, office.code.lower(), year, chosen_mode, fmt)


def _national_only(who: admin.StaffSession) -> None:
    if who.office is not None:
        raise NotFound("No such file.", code="route_unknown")


def _figure(
    session: SessionDep,
    offices: dict[str, Office],
    figure: str,
    year: int,
    mode: str | None,
    *,
    office: str | None,
) -> Figure:
    if figure == "bulanan":
        monthly = national.monthly(session=session, year=year, mode=mode, office=office)
        scope = national.NATION if office is None else office
        target = national.target_of(session=session, year=year, scope=scope)
        return _monthly_figure(monthly, target)
    if figure == "cara-ikut":
        return _modes_figure(national.by_mode(session=session, year=year, office=office))
    found = coverage.kept(session=session, year=year, offices=offices, office=office, mode=mode)
    return (
        _unreached_figure(found)
        if figure == "instansi-belum-terjangkau"
        else _provinces_figure(found)
    )


def _download(
    figure: Figure, scope: str, year: int, mode: str | None, fmt: Format, *, stem: str = ""
) -> Response:
    name = stem or f"{scope}-{figure.name}-{year}"
    if mode:
        name += f"-{mode}"
    return _file(name, figure.title, fmt, figure.header, figure.rows)
