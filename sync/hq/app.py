"""HQ's FastAPI application. Processes keep no state that matters between requests (everything is
in the database; rate-limit buckets are per process by design), so any number of workers or hosts
in front of one PostgreSQL behave as one."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from sync.hq.api import desks, downloads, public
from sync.hq.api.deps import RateLimited
from sync.hq.api.middleware import RequestGuard, SecurityHeaders, TrustedProxies
from sync.hq.api.templates import STATIC_DIR, templates
from sync.hq.dashboard import accounts as dashboard_accounts
from sync.hq.dashboard import national_pages
from sync.hq.dashboard import people as dashboard_people
from sync.hq.dashboard import routes as dashboard
from sync.hq.db import make_engine
from sync.hq.errors import HQError, error_body
from sync.hq.security import TokenBucket
from sync.hq.settings import Settings, get_settings
from sync.offices import load_offices
from sync.protocol import Manifest, PushRequest, VerificationResult

log = logging.getLogger(__name__)


def _error(
    status: int,
    message: str,
    *,
    code: str,
    params: dict[str, str | int] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(message, code=code, params=params), status_code=status, headers=headers
    )


# Starlette's own refusals (no such route, wrong method) by status; any other is "http_<status>".
_HTTP_CODES = {404: "route_unknown", 405: "method_not_allowed"}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HQError)
    async def hq_error(request: Request, error: HQError) -> Response:
        if isinstance(error, dashboard.LoginRequired):
            return RedirectResponse(error.location, status_code=303)
        headers = {}
        if isinstance(error, RateLimited):
            headers["Retry-After"] = str(max(1, int(error.retry_after + 0.999)))
        if error.status_code == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return _error(
            error.status_code, error.message, code=error.code, params=error.params, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = error.errors()[:5]
        where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in problems)
        return JSONResponse(
            {
                **error_body(
                    f"The request is not valid: {where}",
                    code="request_invalid",
                    params={"where": where},
                ),
                "errors": jsonable_encoder(problems, exclude={"input", "ctx", "url"}),
            },
            status_code=422,
        )

    @app.exception_handler(OperationalError)
    async def database_busy(request: Request, error: OperationalError) -> Response:
        # A lost connection, a lock timeout, a serialisation failure: nothing was committed,
        # so the desk's retry is safe (sync.md rule 3, "busy").
        log.warning("database busy or unreachable: %s", error.orig)
        return _error(
            503,
            "HQ's database is busy or unreachable; retry later.",
            code="database_busy",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(DBAPIError)
    async def database_refused(request: Request, error: DBAPIError) -> Response:
        # e.g. a NUL byte PostgreSQL will not store in text: the input, not HQ, is at fault.
        log.warning("database refused input: %s", type(error.orig).__name__)
        return _error(
            422,
            "The database refused a value in this request (for example a NUL character).",
            code="database_refused",
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(
            error.status_code,
            str(error.detail),
            code=_HTTP_CODES.get(error.status_code, f"http_{error.status_code}"),
            headers=dict(error.headers or {}),
        )


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated schema plus the bodies that routes read themselves (streamed and gzip)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (PushRequest, Manifest, VerificationResult):
        generated = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(generated.pop("$defs", {}))
        components[model.__name__] = generated
    app.openapi_schema = schema
    return schema


OPENAPI_URL = "/openapi.json"


class HadirHQ(FastAPI):
    """FastAPI with the proxy and security-header middleware outside Starlette's own error
    middleware, so that even a 500 leaves with the headers and the real client is known first."""

    def __init__(self, *, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hq_settings = settings

    def build_middleware_stack(self) -> ASGIApp:
        inner = SecurityHeaders(
            super().build_middleware_stack(),
            always_hsts=self.hq_settings.environment == "production",
        )
        return TrustedProxies(inner, networks=self.hq_settings.trusted_networks)


def _add_api_docs(app: FastAPI) -> None:
    """A page of HQ's own listing the operations: Swagger UI would load its scripts from a CDN,
    which the CSP (rightly) refuses and an HQ on a closed network cannot reach."""

    def api_docs(request: Request) -> Response:
        schema = app.openapi()
        operations = [
            (method.upper(), path, operation.get("summary", ""))
            for path, methods in schema.get("paths", {}).items()
            for method, operation in methods.items()
        ]
        return templates.TemplateResponse(
            request,
            "api_docs.html",
            {
                "title": app.title,
                "version": app.version,
                "openapi_url": OPENAPI_URL,
                "operations": operations,
            },
        )

    app.add_api_route(
        "/api/docs", api_docs, methods=["GET"], response_class=HTMLResponse, include_in_schema=False
    )


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = HadirHQ(
        settings=settings,
        title="Hadir HQ",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=OPENAPI_URL if settings.api_docs else None,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.effective_database_url)
    app.state.offices = load_offices(settings.offices_csv)
    app.state.verify_bucket = TokenBucket(
        rate_per_minute=settings.verify_rate_per_minute, burst=settings.verify_burst
    )
    app.state.login_bucket = TokenBucket(
        rate_per_minute=settings.login_rate_per_minute, burst=settings.login_burst
    )
    app.state.enroll_bucket = TokenBucket(
        rate_per_minute=settings.login_rate_per_minute, burst=settings.login_burst
    )
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    # Added last, so outermost of the two: refusals happen before gzip or any route runs.
    app.add_middleware(
        RequestGuard,
        settings=settings,
        buckets={
            name: getattr(app.state, name)
            for name in ("verify_bucket", "login_bucket", "enroll_bucket")
        },
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if settings.api_docs:
        _add_api_docs(app)
    app.include_router(desks.router)
    app.include_router(public.router)
    app.include_router(downloads.router)
    if settings.verify_prefix:
        # The configured address's own path for the QR codes desks print from now on; /v/ (the
        # default address's) stays, for certificates printed before (issue 14 item 13).
        app.add_api_route(
            f"{settings.verify_prefix}/v/{{token}}",
            public.verification_page,
            methods=["GET"],
            response_class=HTMLResponse,
            include_in_schema=False,
        )
    if settings.verify_prefix:
        # Links carry the event's address too (desktop/core/certificates/links.py).
        downloads.add_routes(app.router, settings.verify_prefix)
    app.include_router(dashboard.router)
    app.include_router(dashboard_people.router)
    app.include_router(dashboard_accounts.router)
    app.include_router(national_pages.router)
    _install_error_handlers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
