"""Public routes of a certificate's personal download link: its page and its PDF
(sync/hq/downloads.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from sync import clock
from sync.hq.api.deps import OfficesDep, SessionDep
from sync.hq.api.templates import templates
from sync.hq.downloads import LinkState, certificate_pdf, find_link

router = APIRouter(tags=["public"])
# No length limit: an overlong token is unknown like any other (the same page, 404).
Token = Annotated[str, Path(min_length=1)]

_STATUS = {
    LinkState.READY: 200,
    LinkState.UNKNOWN: 404,
    LinkState.EXPIRED: 410,
    LinkState.REVOKED: 410,
}


def download_page(request: Request, token: Token, session: SessionDep, offices: OfficesDep) -> Any:
    state, download = find_link(session=session, token=token, now=clock.utcnow(), offices=offices)
    return templates.TemplateResponse(
        request,
        "download.html",
        {"state": state.value, "download": download, "token": token},
        status_code=_STATUS[state],
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


def download_pdf(request: Request, token: Token, session: SessionDep, offices: OfficesDep) -> Any:
    _, download = find_link(session=session, token=token, now=clock.utcnow(), offices=offices)
    if download is None:
        return download_page(request, token, session, offices)
    body = certificate_pdf(session=session, download=download, offices=offices)
    filename = "sertifikat-" + "".join(
        ch if ch.isalnum() or ch in "-_" else "-" for ch in download.certificate.number
    )
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
        },
    )


def add_routes(app_router: APIRouter, prefix: str = "") -> None:
    """``/d/<token>`` and ``/d/<token>.pdf`` (the PDF first: the page's pattern would take it)."""
    app_router.add_api_route(
        f"{prefix}/d/{{token}}.pdf", download_pdf, methods=["GET"], include_in_schema=False
    )
    app_router.add_api_route(
        f"{prefix}/d/{{token}}",
        download_page,
        methods=["GET"],
        response_class=HTMLResponse,
        include_in_schema=False,
    )


add_routes(router)
