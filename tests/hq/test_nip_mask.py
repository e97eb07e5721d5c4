"""Issue 15 item 9a: the masked NIP on the verification page showed the birth year
(``1986***********001``). A NIP is 8 digits of birth date, 6 of appointment, 1 of gender and 3 of
serial: only the serial may show. One rule (sync.nip) for HQ's page and the desk."""

from __future__ import annotations

import re

import requests

from desktop.core import identity
from sync import nip
from tests.hq.helpers import Hq
from tests.hq.test_verify import NIP, _certified


def test_the_mask_shows_no_birth_date_part() -> None:
    masked = nip.mask_nip(NIP)
    assert masked == "*" * 15 + "001"
    for part in ("1986", "19860926", "0926", "201505"):
        assert part not in masked
    assert nip.mask_nip("") == "" and nip.mask_nip(None) == "" and nip.mask_nip("1234567") == "***"


def test_the_desk_uses_the_same_rule() -> None:
    assert identity.mask_nip is nip.mask_nip


def test_the_verification_page_shows_only_the_serial(hq: Hq) -> None:
    token, _ = _certified(hq, hq.desk())
    page = requests.get(f"{hq.url}/v/{token}", timeout=10).text
    shown = re.search(r"<dt>NIP</dt><dd>([^<]*)</dd>", page)
    assert shown is not None and shown.group(1) == "*" * 15 + "001"
    body = requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=10).json()
    assert body["nip_masked"] == "*" * 15 + "001"
    assert "1986" not in body["nip_masked"]
