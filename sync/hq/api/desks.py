"""The desk-facing API: enroll, push, pull, reconcile, who-am-I."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel, ValidationError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from sync.clock import as_utc, utcnow
from sync.hq import feed, ingest, reconcile
from sync.hq.api.body import BadBody, read_body
from sync.hq.api.deps import DeviceDep, EngineDep, OfficesDep, SettingsDep
from sync.hq.db import read_session, write_session
from sync.hq.enrollment import bundle_public_key, enroll_desk, issue_desk_token, touch_device
from sync.hq.errors import HQError
from sync.protocol import (
    API_PREFIX,
    COMPACT_ANSWER_HEADER,
    MAX_INT32,
    NEW_TOKEN_HEADER,
    PENDING_HEADER,
    PROTOCOL_VERSION,
    RELAYED_FOR_HEADER,
    TOKEN_ROTATION_HEADER,
    CompactPushResponse,
    EnrollRequest,
    EnrollResponse,
    Manifest,
    ManifestResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    RelayedDesk,
    compact_answer,
    parse_relayed_for,
)

router = APIRouter(prefix=API_PREFIX, tags=["desks"])
MAX_PAGES_READ_ON = 100  # reads of one pull that fill a page the desk's own changes thinned
M = TypeVar("M", bound=BaseModel)


class UnprocessableBody(HQError):
    status_code = 422


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI for a body the route reads itself (streamed, size-limited, maybe gzip)."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            },
        }
    }


async def read_model(request: Request, model: type[M], settings: SettingsDep) -> M:
    body = await read_body(
        request, max_body=settings.max_body_bytes, max_decompressed=settings.max_decompressed_bytes
    )
    if not body:
        raise BadBody("The request body is empty.", code="body_empty")
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        problems = error.errors(include_url=False, include_input=False)[:5]
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in problems
        )
        raise UnprocessableBody(
            f"The request is not a valid {model.__name__}: {where}",
            code="body_invalid",
            model=model.__name__,
            where=where,
        ) from None


def reported_pending(request: Request) -> int | None:
    """The desk's waiting count from ``PENDING_HEADER``; None when absent or not a count (a desk of
    the previous version sends none, and a bad header must not stop a sync)."""
    raw = request.headers.get(PENDING_HEADER, "").strip()
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_INT32:
        return None
    return int(raw)


def relayed_for(request: Request, *, items: int) -> list[RelayedDesk | None] | None:
    """Which member desk made each item of a venue hub's push (``RELAYED_FOR_HEADER``); None
    without the header (a desk's own push). A value no hub would send refuses the push: storing
    it under the hub alone would hide who made the records."""
    raw = request.headers.get(RELAYED_FOR_HEADER)
    if raw is None:
        return None
    try:
        return parse_relayed_for(raw, items=items)
    except ValueError as error:
        raise UnprocessableBody(
            f"The request is not a valid PushRequest: {error}",
            code="body_invalid",
            model="PushRequest",
            where=RELAYED_FOR_HEADER,
        ) from None


def wants_new_token(request: Request) -> bool:
    """A desk that can keep a new token says so (``TOKEN_ROTATION_HEADER: 1``); an older desk does
    not, and its token stays as it is, because it would never save the new one."""
    return request.headers.get(TOKEN_ROTATION_HEADER, "").strip() == "1"


def hand_new_token(response: Response, token: str | None) -> None:
    if token is not None:
        response.headers[NEW_TOKEN_HEADER] = token


@router.post("/enroll", response_model=EnrollResponse, status_code=status.HTTP_201_CREATED)
def enroll(
    request: Request, body: EnrollRequest, engine: EngineDep, offices: OfficesDep
) -> EnrollResponse:
    with write_session(engine) as session:
        return enroll_desk(session=session, request=body, offices=offices, now=utcnow())


def wants_compact_answer(request: Request) -> bool:
    """A desk that reads ``CompactPushResponse`` says so; an older desk gets ``PushResponse``."""
    return request.headers.get(COMPACT_ANSWER_HEADER, "").strip() == "1"


@router.post(
    "/push",
    response_model=PushResponse | CompactPushResponse,
    openapi_extra=body_schema(PushRequest),
)
async def push(
    request: Request,
    response: Response,
    device: DeviceDep,
    engine: EngineDep,
    settings: SettingsDep,
) -> PushResponse | Response:
    batch = await read_model(request, PushRequest, settings)
    if batch.protocol != PROTOCOL_VERSION:
        raise UnprocessableBody(
            f"This HQ speaks protocol {PROTOCOL_VERSION}, not {batch.protocol}.",
            code="protocol_unsupported",
            expected=PROTOCOL_VERSION,
            got=batch.protocol,
        )

    rotate = wants_new_token(request)
    relayed = relayed_for(request, items=len(batch.items))

    def store() -> tuple[PushResponse, str | None]:
        with write_session(engine) as session:
            now = utcnow()
            answer = ingest.receive_push(
                session=session,
                device=device,
                request=batch,
                now=now,
                skew_warning_seconds=settings.clock_skew_warning_seconds,
                relayed=relayed,
            )
            # In the batch's transaction: a push that is not stored hands out no token.
            token = (
                issue_desk_token(session=session, device_id=device.id, now=now) if rotate else None
            )
            return answer, token

    answer, token = await run_in_threadpool(store)
    if wants_compact_answer(request):
        compact = compact_answer(answer, [item.id for item in batch.items])
        # Returned as is, so the new token goes on this answer, not on the injected ``response``.
        answered = Response(compact.model_dump_json(), media_type="application/json")
        hand_new_token(answered, token)
        return answered
    hand_new_token(response, token)
    return answer


@router.get("/pull", response_model=PullResponse)
def pull(
    request: Request,
    response: Response,
    device: DeviceDep,
    engine: EngineDep,
    settings: SettingsDep,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=feed.MAX_PAGE)] = None,
) -> PullResponse:
    with write_session(engine) as session:
        numbered = feed.assign_sequence(session=session)
        now = utcnow()
        touch_device(
            session=session, device_id=device.id, now=now, pending=reported_pending(request)
        )
        token = (
            issue_desk_token(session=session, device_id=device.id, now=now)
            if wants_new_token(request)
            else None
        )
    with Session(engine) as session:
        page = feed.pull_page(
            session=session,
            office_code=device.office_code,
            device_id=device.id,
            cursor=cursor,
            limit=limit or settings.pull_page_size,
        )
        # The cursor moves past this desk's own changes without sending them, so a page can hold
        # few items or none: read on here, up to the page's size, instead of answering it (a desk
        # that had pushed 30,000 records took 30 round trips to move past them, 18 s at 300 ms
        # each way). Bounded, so that one request stays short.
        wanted = limit or settings.pull_page_size
        for _ in range(MAX_PAGES_READ_ON):
            if len(page.items) >= wanted or not page.has_more:
                break
            more = feed.pull_page(
                session=session,
                office_code=device.office_code,
                device_id=device.id,
                cursor=page.next_cursor,
                limit=wanted,
            )
            more.items[:0] = page.items
            page = more
        if len(page.items) > wanted:  # the cursor stops after the last item answered
            page.items = page.items[:wanted]
            page.next_cursor, page.has_more = page.items[-1].seq, True
    if numbered >= feed.SEQUENCE_BATCH:  # more changes are waiting for a cursor position
        page.has_more = True
    hand_new_token(response, token)
    return page


@router.post("/reconcile", response_model=ManifestResponse, openapi_extra=body_schema(Manifest))
async def reconcile_manifest(
    request: Request, device: DeviceDep, engine: EngineDep, settings: SettingsDep
) -> ManifestResponse:
    manifest = await read_model(request, Manifest, settings)
    pending = reported_pending(request)

    def compare() -> ManifestResponse:
        with write_session(engine) as session:
            touch_device(session=session, device_id=device.id, now=utcnow(), pending=pending)
            return reconcile.reconcile(
                session=session,
                device_id=device.id,
                office_code=device.office_code,
                manifest=manifest,
            )

    return await run_in_threadpool(compare)


class DeskInfo(BaseModel):
    device_id: str
    office_code: str
    desk_name: str
    enrolled_at: datetime
    server_time: datetime
    bundle_key: str  # HQ's X25519 public key for sealed USB bundles (base64), as at enrollment
    # The address certificates' QR codes should carry (HADIR_HQ_PUBLIC_URL); "" when HQ has none
    # configured and the desk keeps the address it enrolled with.
    verify_base_url: str = ""


@router.get("/me", response_model=DeskInfo)
def me(device: DeviceDep, engine: EngineDep, settings: SettingsDep) -> DeskInfo:
    with read_session(engine) as session:
        bundle_key = bundle_public_key(session=session)
    return DeskInfo(
        device_id=device.id,
        office_code=device.office_code,
        desk_name=device.desk_name,
        enrolled_at=as_utc(device.enrolled_at),
        server_time=utcnow(),
        bundle_key=bundle_key,
        verify_base_url=settings.public_url.rstrip("/"),
    )
