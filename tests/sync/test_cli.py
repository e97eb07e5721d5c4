"""``hadir-cli sync`` (issue 6, item 7) and the client's configuration: enrollment, the JSON the
commands give, a revoked desk or a wrong address stopping the run at once, the system proxy
honoured, TLS verified against the office's own CA."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.cli import main
from desktop.core.db import Database
from desktop.core.seal import base_url
from desktop.core.sync.enrollment import enroll
from desktop.core.sync.run import run_sync
from desktop.core.sync.settings import configure
from tests.sync import proxy as faults
from tests.sync.helpers import (
    HqProcess,
    assert_hq_holds_exactly,
    check_in,
    free_port,
    make_event,
    register,
)


def cli(capsys, data_dir: Path, *args: str) -> tuple[int, dict]:
    code = main([*args, "--data-dir", str(data_dir), "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1])


def _fast(data_dir: Path) -> None:
    db = Database(data_dir)
    configure(db, backoff_base_seconds=0.05, retry_for_seconds=1, read_timeout_seconds=5)
    db.close()


def test_enroll_run_status_and_export_from_the_command_line(tmp_path, capsys, hq, proxy):
    data = tmp_path / "desk"
    _fast(data)
    code, enrolled = cli(
        capsys,
        data,
        "sync",
        "enroll",
        "--server",
        proxy.url,
        "--code",
        hq.enrollment_code(),
        "--desk-name",
        "Meja 4",
    )
    assert code == 0 and enrolled["office"] == "SULTENG" and enrolled["desk_name"] == "Meja 4"
    db = Database(data)
    with db.session() as session:
        assert base_url(session=session) == proxy.url  # certificates' QR codes point at HQ now
    event_id = make_event(db)
    check_in(db, event_id, register(db, event_id, range(4)))
    db.close()

    code, status = cli(capsys, data, "sync", "status")
    assert code == 0
    assert {"pending", "set_aside", "last_success", "server", "all_at_hq"} <= set(status)
    # 13 records and the enrollment's audit line (hadir-cli audits like the window, issue 16)
    assert (status["pending"], status["all_at_hq"], status["last_success"]) == (14, False, None)

    proxy.set_mode(faults.RESET)
    code, report = cli(capsys, data, "sync", "run")
    assert code == 2 and report["pending"] == 14 and report["pushed"] == 0  # not done: non-zero
    assert {"pushed", "pending", "set_aside"} <= set(report)

    proxy.heal()
    code, report = cli(capsys, data, "sync", "run")
    assert code == 0 and report["pushed"] == 14 and report["pending"] == 0
    assert report["set_aside"] == 0 and report["all_at_hq"] is True
    code, status = cli(capsys, data, "sync", "status")
    assert status["all_at_hq"] is True and status["last_success"] and status["server"] == proxy.url
    assert status["headline"] == "Semua data sudah di kantor pusat"

    code, bundle = cli(capsys, data, "sync", "export-bundle", str(tmp_path / "b.hadir"), "--all")
    assert code == 0 and bundle["items"] == 14 and Path(bundle["file"]).is_file()
    code, history = cli(capsys, data, "sync", "history")
    assert [row["outcome"] for row in history][:2] == ["ok", "offline"]


def test_a_revoked_desk_stops_the_run_at_once(tmp_path, capsys, desk_factory, hq, proxy):
    db = desk_factory()
    event_id = make_event(db)
    register(db, event_id, range(30))
    from tests.sync.helpers import device_id

    hq.revoke(device_id(db))
    before = proxy.counters.requests
    report = run_sync(db)
    assert report.outcome == "refused" and "revoked" in (report.error or "")
    assert proxy.counters.requests - before == 1  # one refused request, no retries, no pull
    assert report.pending == 61
    code = main(["sync", "run", "--data-dir", str(db.folder)])
    captured = capsys.readouterr()
    assert code == 3 and "revoked" in captured.err


def test_a_wrong_server_address_stops_the_run_with_a_clear_message(tmp_path, hq, proxy):
    db = Database(tmp_path / "desk")
    configure(db, backoff_base_seconds=0.05, retry_for_seconds=1)
    enroll(db, server_url=proxy.url, code=hq.enrollment_code(), desk_name="Meja 1")
    from desktop.core.desk import set_setting
    from desktop.core.sync.settings import Keys

    with db.write() as session:  # someone typed HQ's address with a wrong path
        set_setting(session=session, key=Keys.SERVER, value=proxy.url + "/hadir")
    event_id = make_event(db)
    register(db, event_id, [1])
    before = proxy.counters.requests  # enrollment and its /me (the certificates' address)
    report = run_sync(db)
    assert report.outcome == "refused" and "check the server address" in (report.error or "")
    assert proxy.counters.requests - before <= 1  # the one push, no retries
    db.close()


def test_not_enrolled(tmp_path, capsys):
    code = main(["sync", "run", "--data-dir", str(tmp_path / "d"), "--json"])
    captured = capsys.readouterr()
    assert code == 3 and "not enrolled" in captured.err
    assert json.loads(captured.out.strip().splitlines()[-1])["outcome"] == "not_enrolled"


def test_a_bad_enrollment_code_is_refused_with_hqs_reason(tmp_path, capsys, hq, proxy):
    code = main(
        [
            "sync",
            "enroll",
            "--server",
            proxy.url,
            "--code",
            "AAAA-BBBB-CCCC",
            "--desk-name",
            "Meja 1",
            "--data-dir",
            str(tmp_path / "d"),
        ]
    )
    assert code == 1 and "enrollment code is unknown" in capsys.readouterr().err


def test_the_system_http_proxy_is_honoured(tmp_path, monkeypatch, hq, proxy):
    db = Database(tmp_path / "desk")
    configure(db, backoff_base_seconds=0.05, retry_for_seconds=1)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)  # the office's proxy, as Windows or a .bat sets it
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("no_proxy", "")
    enroll(db, server_url=hq.url, code=hq.enrollment_code(), desk_name="Meja 1")  # HQ's own address
    event_id = make_event(db)
    check_in(db, event_id, register(db, event_id, range(3)))
    report = run_sync(db)
    assert report.outcome == "ok" and report.pushed == 10
    assert proxy.counters.absolute_form == proxy.counters.requests >= 4  # all went via the proxy
    assert_hq_holds_exactly(hq, [db])
    db.close()


# --------------------------------------------------------------------------- TLS


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """An office CA and a server certificate for 127.0.0.1 signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kanwil Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "hq.pem", folder / "hq.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_path, cert_path, key_path


@pytest.fixture
def tls_hq(tmp_path):
    """HQ's app behind TLS on 127.0.0.1 (uvicorn in a thread; ``hadir-hq serve`` leaves TLS to
    the reverse proxy in front of it), on a database an HqProcess helper can enroll in."""
    from sync.hq.app import create_app
    from sync.hq.db import make_engine, migrate
    from sync.hq.settings import Settings

    ca, cert, key = _certificates(tmp_path)
    helper = HqProcess(database=tmp_path / "tls-hq.db", port=free_port())
    engine = make_engine(helper.database_url)
    migrate(engine)
    app = create_app(Settings(database_url=helper.database_url), engine)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=helper.port,
        log_level="warning",
        lifespan="off",
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        time.sleep(0.025)
    yield helper, f"https://127.0.0.1:{helper.port}", ca
    server.should_exit = True
    thread.join(timeout=10)
    helper.stop()
    engine.dispose()


def test_tls_is_verified_and_an_office_ca_bundle_can_be_set(tmp_path, tls_hq):
    helper, url, ca = tls_hq
    db = Database(tmp_path / "desk")
    configure(db, backoff_base_seconds=0.05, retry_for_seconds=1)
    from desktop.core.errors import HadirError

    with pytest.raises(HadirError, match="not trusted"):
        enroll(db, server_url=url, code=helper.enrollment_code(), desk_name="Meja 1")
    enroll(db, server_url=url, code=helper.enrollment_code(), desk_name="Meja 1", ca_bundle=str(ca))
    event_id = make_event(db)
    register(db, event_id, range(2))
    assert run_sync(db).outcome == "ok"
    configure(db, ca_bundle="")  # the office's CA forgotten: the run stops, it does not retry
    register(db, event_id, [5])
    report = run_sync(db)
    assert report.outcome == "refused" and "certificate" in (report.error or "")
    assert report.pending == 2
    db.close()
