"""The desk database encrypted at rest (issue 9): SQLCipher, with its key kept by the OS or a passphrase.

A laptop that travels gets stolen. Everything the desk holds (names, NIPs that reveal birth date and
gender, the HQ token, the SMTP password, the sealing key) lives in ``hadir.db`` and its backups, so
the whole file is encrypted with SQLCipher 4 (AES-256 per page with an HMAC; the ``sqlcipher3``
binding ships SQLCipher statically, on Windows and Linux alike).

The key is 32 random bytes, used as a raw key (``x'..'``): opening costs no key derivation, so the
desk still starts in about a second. The key itself is kept in up to two places:

* the **operating system's keyring** (Windows Credential Manager, the macOS Keychain, the Secret
  Service on a Linux desktop), so a clerk who is signed in to the laptop opens the desk with no
  extra step: the key is exactly as safe as the laptop's own login;
* a **recovery passphrase** chosen by the admin: the key is wrapped with Argon2id (libsodium's
  "moderate" cost, 256 MiB) and XSalsa20-Poly1305 in ``hadir.key`` beside the database. With it the
  desk opens where there is no keyring (a Linux bundle, another laptop) and a USB backup can be
  restored on a new laptop after the old one is lost.

``hadir.key`` never holds the key in the clear: without the keyring or the passphrase, the files of
a stolen laptop or USB stick are noise. What this does not protect against is written in README
("Data at rest"): a laptop taken while the desk is open and unlocked, a weak Windows login, and
files the operator exported (PDF, CSV) on purpose.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import HadirError
from desktop.core.paths import database_path

log = logging.getLogger(__name__)

KEY_FILE = "hadir.key"
KEY_FORMAT = 1
KEYRING_SERVICE = "Hadir desk database"
PASSPHRASE_ENV = "HADIR_DB_PASSPHRASE"  # for scripted CLI runs where nobody can type it
MIN_PASSPHRASE_LENGTH = 10
SQLITE_HEADER = b"SQLite format 3\x00"


class KeyUnavailable(HadirError):
    """The key is not in this laptop's keyring: the recovery passphrase is needed."""

    code = "key_unavailable"


class PassphraseRequired(HadirError):
    """A new desk on a laptop without a usable keyring: a recovery passphrase must be chosen."""

    code = "passphrase_required"


class WrongPassphrase(HadirError):
    code = "wrong_passphrase"


class KeyFileProblem(HadirError):
    code = "key_file"


@dataclass(frozen=True, slots=True)
class DatabaseKey:
    """The raw SQLCipher key. ``repr`` never shows it, so it cannot end up in a log line."""

    raw: bytes
    key_id: str

    def __repr__(self) -> str:
        return f"DatabaseKey(key_id={self.key_id!r})"

    @property
    def pragma_value(self) -> str:
        # SQLCipher's raw-key form: no PBKDF2 on open; the salt is still per file.
        return f"\"x'{self.raw.hex()}'\""

    def check_value(self) -> str:
        """A tag that tells whether a key is the right one without trying to decrypt anything."""
        return hmac.new(self.raw, b"hadir key check v1", hashlib.sha256).hexdigest()[:32]


# --- the key file -------------------------------------------------------------------------------


def key_file(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


def read_key_file(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileProblem(f"The key file {path} is missing.", path=str(path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KeyFileProblem(
            f"The key file {path} cannot be read ({error}).", path=str(path)
        ) from None
    if (
        not isinstance(document, dict)
        or document.get("format") != KEY_FORMAT
        or not isinstance(document.get("key_id"), str)
        or not isinstance(document.get("check"), str)
    ):
        raise KeyFileProblem(f"{path} is not a Hadir key file.", path=str(path))
    return document


def _write_key_file(path: Path, document: dict[str, Any]) -> None:
    """Atomically, and readable by the owner only: a half-written key file would lock the desk out."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)


def has_passphrase(data_dir: Path) -> bool:
    path = key_file(data_dir)
    return path.exists() and isinstance(read_key_file(path).get("passphrase"), dict)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _wrap(raw: bytes, passphrase: str) -> dict[str, Any]:
    from nacl import pwhash, secret, utils

    salt = utils.random(pwhash.argon2id.SALTBYTES)
    ops, mem = pwhash.argon2id.OPSLIMIT_MODERATE, pwhash.argon2id.MEMLIMIT_MODERATE
    wrapping = pwhash.argon2id.kdf(
        secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt, opslimit=ops, memlimit=mem
    )
    box = secret.SecretBox(wrapping).encrypt(raw)
    return {
        "kdf": "argon2id",
        "opslimit": ops,
        "memlimit": mem,
        "salt": _b64(salt),
        "box": _b64(box),
    }


def _unwrap(slot: dict[str, Any], passphrase: str) -> bytes:
    from nacl import exceptions, pwhash, secret

    try:
        salt, box = base64.b64decode(slot["salt"]), base64.b64decode(slot["box"])
        wrapping = pwhash.argon2id.kdf(
            secret.SecretBox.KEY_SIZE,
            passphrase.encode("utf-8"),
            salt,
            opslimit=int(slot["opslimit"]),
            memlimit=int(slot["memlimit"]),
        )
        return bytes(secret.SecretBox(wrapping).decrypt(box))
    except exceptions.CryptoError:
        raise WrongPassphrase("That is not the desk's recovery passphrase.") from None
    except (KeyError, ValueError, TypeError) as error:
        raise KeyFileProblem(f"The passphrase part of the key file is damaged ({error}).") from None


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise HadirError(
            f"A recovery passphrase is at least {MIN_PASSPHRASE_LENGTH} characters.",
            code="passphrase_short",
            minimum=MIN_PASSPHRASE_LENGTH,
        )


# --- the operating system's keyring ---------------------------------------------------------------


def _keyring() -> Any | None:
    """The keyring module when a real backend is there, else None (no Secret Service, say)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # keyring's own discovery can fail in many ways; all mean "no keyring"
        log.info("no usable OS keyring", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def _keyring_call(action: Callable[[Any], Any]) -> Any:
    module = _keyring()
    if module is None:
        return None
    try:
        return action(module)
    except Exception:  # a locked or broken keyring is the same as none: fall back to the passphrase
        log.warning("the OS keyring refused the request", exc_info=True)
        return None


def _from_keyring(key_id: str) -> bytes | None:
    stored = _keyring_call(lambda k: k.get_password(KEYRING_SERVICE, key_id))
    if not isinstance(stored, str):
        return None
    try:
        return bytes.fromhex(stored)
    except ValueError:
        return None


def remember_in_keyring(key: DatabaseKey) -> bool:
    """Keep the key in this laptop's keyring so the desk opens without the passphrase."""
    _keyring_call(lambda k: k.set_password(KEYRING_SERVICE, key.key_id, key.raw.hex()))
    return _from_keyring(key.key_id) == key.raw  # read back: some keyrings accept and drop


# --- opening -------------------------------------------------------------------------------------


def _checked(raw: bytes, document: dict[str, Any]) -> DatabaseKey | None:
    candidate = DatabaseKey(raw, document["key_id"])
    return candidate if hmac.compare_digest(candidate.check_value(), document["check"]) else None


def _key_in_keyring(document: dict[str, Any]) -> DatabaseKey | None:
    """The key file's key as this laptop's keyring holds it, if it does (and it is the right one)."""
    raw = _from_keyring(document["key_id"])
    return _checked(raw, document) if raw is not None else None


def open_key_file(path: Path, passphrase: str) -> DatabaseKey:
    """The key wrapped in a key file (this desk's, or one exported beside a USB backup)."""
    document = read_key_file(path)
    slot = document.get("passphrase")
    if not isinstance(slot, dict):
        raise WrongPassphrase(f"{path.name} has no recovery passphrase; it opens from the keyring.")
    key = _checked(_unwrap(slot, passphrase), document)
    if key is None:
        raise KeyFileProblem(
            f"The key file {path} does not match itself (damaged?).", path=str(path)
        )
    return key


def unlock(*, data_dir: Path, passphrase: str | None = None, create: bool = True) -> DatabaseKey:
    """The key of the desk in ``data_dir``: from the passphrase if one is given, else the keyring,
    else ``HADIR_DB_PASSPHRASE``. A new desk gets a new key (see ``create_key``) unless
    ``create`` is False."""
    path = key_file(data_dir)
    if not path.exists():
        database = database_path(data_dir)
        if database.exists() and not is_plaintext(database):
            raise KeyFileProblem(
                f"The desk database in {data_dir} is encrypted but its key file {KEY_FILE} is "
                "missing. Restore the USB backup with 'hadir-cli backup restore FILE' (its key file "
                "comes with it), or put hadir.key back.",
                path=str(path),
            )
        if not create:
            raise KeyFileProblem(f"There is no desk key in {data_dir}.", path=str(path))
        return create_key(data_dir=data_dir, passphrase=passphrase)
    if passphrase is not None:
        return open_key_file(path, passphrase)
    document = read_key_file(path)
    if (key := _key_in_keyring(document)) is not None:
        return key
    has_slot = isinstance(document.get("passphrase"), dict)
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env and has_slot:
        return open_key_file(path, from_env)
    if not has_slot:
        raise KeyFileProblem(
            "The desk database's key is not in this laptop's keyring and no recovery passphrase "
            "was set, so it cannot be opened here. Open it on the laptop (and user account) that "
            "made it, or restore a USB backup that was exported with a passphrase.",
        )
    raise KeyUnavailable(
        "The desk database is encrypted and its key is not in this laptop's keyring: enter the "
        f"recovery passphrase (or set {PASSPHRASE_ENV} for a scripted run).",
    )


def keep_in_new_keyring(*, data_dir: Path, key: DatabaseKey) -> bool:
    """After an unlock with the recovery passphrase: when this laptop now has a working keyring
    (a desktop keyring installed or unlocked since the desk was made) that does not hold the key,
    store it there, so the next start needs no passphrase (issue 14 item 15). True when it was
    stored now; the caller audits that."""
    if not keyring_available():
        return False
    document = read_key_file(key_file(data_dir))
    if _checked(key.raw, document) is None or _key_in_keyring(document) is not None:
        return False
    stored = remember_in_keyring(key)
    log.info(
        "key %s %s the OS keyring after an unlock with the passphrase",
        key.key_id,
        "stored in" if stored else "not kept by",
    )
    return stored


def install_key_file(*, data_dir: Path, source: Path, key: DatabaseKey) -> None:
    """Adopt the key file of a restored backup (a new laptop): the old one, if any, is kept aside."""
    if _checked(key.raw, read_key_file(source)) is None:
        raise KeyFileProblem(f"{source} is not the key of this backup.", path=str(source))
    target = key_file(data_dir)
    if target.exists():
        target.replace(target.with_name(f"hadir.replaced-{secrets.token_hex(4)}.key"))
    _write_key_file(target, read_key_file(source))
    remember_in_keyring(key)


def create_key(*, data_dir: Path, passphrase: str | None = None) -> DatabaseKey:
    """A new random key for a new desk, kept in the keyring and, with a passphrase, wrapped in
    ``hadir.key``. Without a usable keyring a passphrase is required: a key kept nowhere would
    lock the desk out of its own data at the next start."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if passphrase is None and not keyring_available():
        passphrase = os.environ.get(PASSPHRASE_ENV) or None
        if passphrase is None:
            raise PassphraseRequired(
                "This laptop has no usable keyring for the desk's encryption key: choose a "
                f"recovery passphrase of at least {MIN_PASSPHRASE_LENGTH} characters (for a "
                f"scripted run, set {PASSPHRASE_ENV}).",
            )
    if passphrase is not None:
        check_passphrase_strength(passphrase)
    key = DatabaseKey(secrets.token_bytes(32), secrets.token_hex(8))
    document: dict[str, Any] = {
        "format": KEY_FORMAT,
        "key_id": key.key_id,
        "check": key.check_value(),
    }
    if passphrase is not None:
        document["passphrase"] = _wrap(key.raw, passphrase)
    in_keyring = remember_in_keyring(key)
    if not in_keyring and passphrase is None:
        raise PassphraseRequired(
            "The OS keyring did not keep the key: choose a recovery passphrase."
        )
    _write_key_file(key_file(data_dir), document)
    log.info(
        "new database key %s (keyring: %s, passphrase: %s)",
        key.key_id,
        in_keyring,
        passphrase is not None,
    )
    return key


def set_passphrase(*, data_dir: Path, key: DatabaseKey, passphrase: str) -> None:
    """Add or replace the recovery passphrase (an admin action)."""
    check_passphrase_strength(passphrase)
    path = key_file(data_dir)
    document = read_key_file(path)
    if _checked(key.raw, document) is None:
        raise KeyFileProblem(f"The key file {path} belongs to another database.")
    document["passphrase"] = _wrap(key.raw, passphrase)
    _write_key_file(path, document)


@dataclass(frozen=True, slots=True)
class KeyStatus:
    """Where the key is kept; never the key."""

    key_id: str | None
    keyring_available: bool
    in_keyring: bool
    recovery_passphrase: bool


def key_status(data_dir: Path) -> KeyStatus:
    path = key_file(data_dir)
    if not path.exists():
        return KeyStatus(None, keyring_available(), False, False)
    document = read_key_file(path)
    return KeyStatus(
        key_id=document["key_id"],
        keyring_available=keyring_available(),
        in_keyring=_key_in_keyring(document) is not None,
        recovery_passphrase=isinstance(document.get("passphrase"), dict),
    )


# --- SQLCipher connections -----------------------------------------------------------------------


def dbapi() -> Any:
    """The SQLCipher DB-API module (sqlite3's interface, SQLCipher underneath)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def apply_key(connection: Any, key: DatabaseKey) -> None:
    """First statement on every connection: without it SQLCipher would read the file as plain."""
    connection.execute(f"PRAGMA key = {key.pragma_value}")
    _cipher_settings(connection, "main")
    # A wrong key is reported to the caller as an exception; SQLCipher's own stderr lines would
    # only alarm a clerk looking at a console.
    connection.execute("PRAGMA cipher_log_level = NONE")


# SQLCipher 4's defaults but for the page HMAC: SHA-256 where it uses SHA-512. Both are sound for
# page integrity; SHA-256 runs on the SHA extensions of current x86 CPUs, and a 200,000-row import
# measured 22.7 s against 26-29 s with SHA-512 (tests/perf/bench_desk_core.py, same machine). Every
# connection and every attached copy must say the same, or the file does not open.
CIPHER_SETTINGS = ("cipher_hmac_algorithm = HMAC_SHA256",)


def _cipher_settings(connection: Any, schema: str) -> None:
    for setting in CIPHER_SETTINGS:
        connection.execute(f"PRAGMA {schema}.{setting}")


def connect(
    path: Path | str, key: DatabaseKey, *, read_only: bool = False, timeout: float = 30.0
) -> Any:
    module = dbapi()
    if read_only:
        connection = module.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
    else:
        connection = module.connect(str(path), timeout=timeout)
    apply_key(connection, key)
    return connection


def is_plaintext(path: Path) -> bool:
    """A database written before encryption (or by plain SQLite): its header is readable text."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def encrypt_file(*, plain: Path, target: Path, key: DatabaseKey) -> None:
    """Write an encrypted copy of a plaintext database (SQLCipher's sqlcipher_export)."""
    target.unlink(missing_ok=True)
    connection = dbapi().connect(str(plain), timeout=30)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.pragma_value}", (str(target),))
        _cipher_settings(connection, "encrypted")
        connection.execute("SELECT sqlcipher_export('encrypted')")
        version = connection.execute("PRAGMA main.user_version").fetchone()[0]
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()


def shred(path: Path) -> None:
    """Overwrite then delete a plaintext file. On an SSD the old blocks may survive in the
    drive's spare area; README says so."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            remaining = size
            while remaining > 0:
                chunk = min(remaining, 1 << 20)
                handle.write(b"\0" * chunk)
                remaining -= chunk
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def encrypt_in_place(path: Path, key: DatabaseKey) -> bool:
    """Replace a plaintext database (from a version before encryption) by its encrypted copy.
    Returns False when the file was already encrypted. Never leaves the file half-converted:
    the encrypted copy is complete and checked before it takes the plaintext's place."""
    if not is_plaintext(path):
        return False
    encrypted = path.with_name(path.name + ".encrypting")
    encrypt_file(plain=path, target=encrypted, key=key)
    check = connect(encrypted, key, read_only=True)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        encrypted.unlink(missing_ok=True)
        raise HadirError(
            f"Encrypting {path.name} failed its check ({result}); it was left as it was.",
            code="encrypt_check",
        )
    plain_copy = path.with_name(path.name + ".plain")
    path.replace(plain_copy)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)  # checkpointed into the copy
    encrypted.replace(path)
    shred(plain_copy)
    log.info("encrypted %s in place", path)
    return True
