"""Every page of a desk's SQLCipher file, decrypted with the desk's key: what the office itself
(which holds the key) could still read, free pages and old WAL frames included. ``sqlcipher_export``
copies only the live rows; an erasure must also leave nothing in the space SQLite freed.

SQLCipher 4 as the desk sets it up (desktop/core/encryption.py): 4096-byte pages, each ending in a
16-byte IV and a 32-byte HMAC-SHA256, AES-256-CBC with the raw key; page 1 starts with the file's
16-byte salt. A WAL file is a 32-byte header and frames of a 24-byte header plus one such page.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVE = 16 + 32  # IV + HMAC-SHA256
SALT = 16


def _page(page: bytes, key: bytes, *, first: bool) -> bytes:
    start = SALT if first else 0
    body = page[start : PAGE_SIZE - RESERVE]
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_pages(path: Path, key: bytes) -> bytes:
    """The plaintext of every page in ``path`` (a database file or its -wal), concatenated."""
    data = path.read_bytes()
    pages = []
    if path.name.endswith("-wal"):
        position = 32
        while position + 24 + PAGE_SIZE <= len(data):
            number = int.from_bytes(data[position : position + 4], "big")
            frame = data[position + 24 : position + 24 + PAGE_SIZE]
            pages.append(_page(frame, key, first=number == 1))
            position += 24 + PAGE_SIZE
    else:
        for offset in range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE):
            pages.append(_page(data[offset : offset + PAGE_SIZE], key, first=offset == 0))
    return b"".join(pages)
