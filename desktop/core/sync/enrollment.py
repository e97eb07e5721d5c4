"""Enrolment: trade HQ's one-time code for this desk's device id and token, register the desk's
sealing key, and learn what HQ tells a desk in ``/me`` (its bundle key, the certificates'
verification address), at enrolment and then daily."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import timedelta

from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.desk import desk_identity, get_setting, set_setting
from desktop.core.errors import HadirError
from desktop.core.sync.settings import Keys, check_ca_bundle
from sync.clock import parse_utc_text, utc_text
from sync.desk.client import (
    ClientConfig,
    ConfigError,
    FatalError,
    HqClient,
    KeyTaken,
    SyncError,
    is_loopback,
    normalise_server_url,
)
from sync.protocol import EnrollRequest

ASK_HQ_EVERY = timedelta(days=1)  # how often a desk asks /me what HQ may have changed


@dataclass(frozen=True, slots=True)
class EnrollResult:
    server: str
    device_id: str
    office_code: str
    office_name: str
    desk_name: str
    key_id: str
    warnings: list[str]


def enroll(
    db: Database,
    *,
    server_url: str,
    code: str,
    desk_name: str,
    ca_bundle: str | None = None,
    client_factory: Callable[[ClientConfig], HqClient] = HqClient,
) -> EnrollResult:
    """Trade a one-time code from HQ for this desk's device id and token; register the desk's
    sealing key with HQ; make HQ's address the certificates' verification address."""
    from desktop import __version__
    from desktop.core.seal import (
        desk_signer,
        public_key_text,
        revoke_key,
        set_base_url,
    )

    try:
        server = normalise_server_url(server_url)
    except ConfigError as error:
        raise HadirError(error.message, code=error.code, **error.params) from None
    name = " ".join(desk_name.split())
    if not name:
        raise HadirError("The desk needs a name, e.g. 'Meja 1'.", code="desk_name")
    bundle = check_ca_bundle(ca_bundle)
    config = ClientConfig(
        server_url=server, ca_bundle=bundle, user_agent=f"hadir-desk/{__version__}"
    )
    response = None
    with client_factory(config) as client:
        for _ in range(2):  # a second try only after replacing a key HQ already holds
            with db.write() as session:
                identity = desk_identity(session=session)
                signer = desk_signer(session=session)
                public_key = public_key_text(session=session, key_id=signer.key_id)
            request = EnrollRequest(
                code=code.strip(),
                desk_name=name,
                desk_id=identity.desk_id,
                key_id=signer.key_id,
                public_key=public_key,
                app_version=__version__,
            )
            try:
                response = client.enroll(request)
                break
            except KeyTaken:
                # HQ holds this key from an earlier enrollment (a desk enrolled again after it was
                # revoked): seal from now on with a fresh key and register that one.
                with db.write() as session:
                    revoke_key(
                        session=session,
                        key_id=signer.key_id,
                        reason="replaced at a new enrollment with HQ",
                    )
            except SyncError as error:
                # HQ's code (hq_enrollment_code_unknown, ...) or the desk's own (sync_unreachable,
                # ...): the window says it in its language, the CLI prints the English sentence.
                raise HadirError(
                    f"Enrollment failed: {error.message}", code=error.code, **error.params
                ) from None
    if response is None:
        raise HadirError(
            "Enrollment failed: HQ refused this desk's new key too.", code="sync_enroll"
        )
    warnings: list[str] = []
    with db.write() as session:
        previous_office = get_setting(session=session, key="office_code")
        if previous_office and previous_office != response.office_code:
            warnings.append(
                f"This desk was set up for office {previous_office}; HQ enrolled it for "
                f"{response.office_code}. Events of {previous_office} will be refused by HQ."
            )
        old_server = get_setting(session=session, key=Keys.SERVER)
        values = {
            Keys.SERVER: server,
            Keys.DEVICE: response.device_id,
            Keys.TOKEN: response.token,
            Keys.KEY_ID: signer.key_id,
            Keys.OFFICE_NAME: response.office_name,
            Keys.CA_BUNDLE: bundle or "",
            Keys.HQ_BUNDLE_KEY: response.bundle_key,
            Keys.LAST_ERROR: "",
            # A new identity at HQ: what was verified before must be verified again.
            Keys.VERIFIED_SEQ: "0",
            Keys.VERIFIED_AT: "",
            "office_code": response.office_code,
            "desk_name": name,
        }
        if old_server != server:
            values[Keys.CURSOR] = "0"  # another server's cursor means nothing here
        for key, value in values.items():
            set_setting(session=session, key=key, value=value)
        set_base_url(session=session, url=server)  # certificates' QR codes point at this HQ
    # ... or at the address HQ names for them (HADIR_HQ_PUBLIC_URL), when it names one.
    # Enrolled all the same if HQ cannot answer that now: the next sync asks again.
    with client_factory(replace(config, token=response.token)) as client, suppress(SyncError):
        learn_from_hq(db, client, force=True)
    if not server.startswith("https://") and not is_loopback(server):
        warnings.append(
            "The connection to HQ is not encrypted (http://): use https:// outside a test."
        )
    return EnrollResult(
        server=server,
        device_id=response.device_id,
        office_code=response.office_code,
        office_name=response.office_name,
        desk_name=name,
        key_id=signer.key_id,
        warnings=warnings,
    )


def learn_from_hq(db: Database, client: HqClient, *, force: bool = False) -> None:
    """What HQ tells a desk in ``/me`` beyond the sync itself: its bundle key (a desk enrolled
    before HQ had one asks until it has it, so that its next USB bundle is sealed) and the address
    certificates' QR codes should carry (HADIR_HQ_PUBLIC_URL, which HQ may set after desks
    enrolled). Asked at most once a day, and at once while the bundle key is missing. Not being
    able to ask now changes nothing: the push that follows says why."""
    with db.session() as session:
        has_key = bool(get_setting(session=session, key=Keys.HQ_BUNDLE_KEY))
        asked = parse_utc_text(get_setting(session=session, key=Keys.HQ_ASKED_AT))
    if not force and has_key and asked is not None and utcnow() - asked < ASK_HQ_EVERY:
        return
    try:
        info = client.whoami()
    except FatalError:
        raise
    except SyncError:
        return
    with db.write() as session:
        if info.bundle_key:
            set_setting(session=session, key=Keys.HQ_BUNDLE_KEY, value=info.bundle_key)
        if info.verify_base_url:
            from desktop.core.seal import set_base_url

            set_base_url(session=session, url=info.verify_base_url)
        set_setting(session=session, key=Keys.HQ_ASKED_AT, value=utc_text(utcnow()))
