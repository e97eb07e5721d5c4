"""Public routes: the certificate verification page and its JSON form, and the health check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import text
from sqlmodel import Session

from sync.hq.api.deps import EngineDep, OfficesDep, SessionDep
from sync.hq.api.templates import templates
from sync.hq.errors import NotFound
from sync.hq.verify import verify_token
from sync.protocol import API_PREFIX, VerificationResult, VerificationStatus

router = APIRouter(tags=["public"])
# No length limit here: an overlong token is "not a certificate" (404), refused unread by the
# decoder.
Token = Annotated[str, Path(min_length=1)]

_NOT_A_CERTIFICATE = "This is not a certificate seal issued by Hadir (invalid or altered)."


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


@router.get(
    "/v/{token}",
    response_class=HTMLResponse,
    responses={
        200: {
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/VerificationResult"}}
            }
        },
        404: {},
    },
)
def verification_page(
    request: Request, token: Token, session: SessionDep, offices: OfficesDep
) -> Any:
    result = verify_token(session=session, token=token, offices=offices)
    if _wants_json(request):
        if result is None:
            raise NotFound(_NOT_A_CERTIFICATE, code="certificate_unknown")
        return JSONResponse(result.model_dump(mode="json"))
    return templates.TemplateResponse(
        request,
        "verify.html",
        {"result": result, "Status": VerificationStatus},
        status_code=200 if result else 404,
        headers={"Cache-Control": "no-store"},
    )


@router.get(
    f"{API_PREFIX}/verify/{{token}}", response_model=VerificationResult, responses={404: {}}
)
def verification_json(
    request: Request, token: Token, session: SessionDep, offices: OfficesDep
) -> VerificationResult:
    result = verify_token(session=session, token=token, offices=offices)
    if result is None:
        raise NotFound(_NOT_A_CERTIFICATE, code="certificate_unknown")
    return result


@router.get("/healthz")
def healthz(engine: EngineDep) -> JSONResponse:
    try:
        with Session(engine) as session:
            session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy", never a 500 page
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": engine.dialect.name})
