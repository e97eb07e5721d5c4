"""NIP / NI PPPK / NIK validation (../shared/domain/asn-and-events.md)."""

from datetime import date

import pytest

from desktop.core.identity import (
    AsnStatus,
    IdentityError,
    IdKind,
    format_nip,
    mask_nip,
    normalize_number,
    parse_identity,
    parse_nik,
    parse_pns_nip,
    parse_pppk_ni,
)

TODAY = date(2026, 11, 23)


def test_valid_pns_nip_with_spaces_and_dots_is_stored_as_digits():
    parsed = parse_identity("19860926 201505 1 001", today=TODAY)
    assert parsed.kind is IdKind.NIP_PNS
    assert parsed.number == "198609262015051001"
    assert parsed.birth_date == date(1986, 9, 26)
    assert parsed.gender == "L"
    assert parse_identity("19860926.201505.2.001", today=TODAY).gender == "P"
    assert normalize_number(" 1986.0926 2015-05 ") == "198609262015-05".replace("-", "")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("19861326 201505 1 001", "bad_birth_date"),  # month 13
        ("19860230 201505 1 001", "bad_birth_date"),  # 30 February
        ("19860926 201513 1 001", "bad_tmt"),  # TMT month 13 (and not a PPPK: bad age below)
        ("19860926 201505 3 001", "bad_gender"),
        ("19860926 201505 , 001".replace(" ", ""), "not_digits"),  # a comma is not a gender digit
        ("19860926 201505 1 000", "bad_sequence"),
        ("19860926 199005 1 001", "implausible_age"),  # appointed at 3
        ("12345678901234567890", "bad_length"),
        ("1986092620150", "bad_length"),
        ("abc", "not_digits"),
        ("", "empty"),
    ],
)
def test_invalid_numbers_are_refused_with_their_reason(raw, code):
    with pytest.raises(IdentityError) as caught:
        parse_identity(raw, status=AsnStatus.PNS, today=TODAY)
    assert caught.value.code == code
    assert str(caught.value).endswith(".")  # one sentence for the CLI


def test_the_message_names_the_number():
    with pytest.raises(IdentityError, match="19860926 201505 3 001"):
        parse_pns_nip("19860926 201505 3 001", today=TODAY)


def test_legacy_nine_digit_nip_has_its_own_message():
    with pytest.raises(IdentityError) as caught:
        parse_identity("010 203 040", today=TODAY)
    assert caught.value.code == "legacy_nip"
    assert "9-digit" in str(caught.value)


def test_pppk_digits_13_14_are_not_a_month():
    # Born 1990-05-17, appointed 2023, agreement count 15 (not a month), female, sequence 004.
    raw = "199005172023152004"
    with pytest.raises(IdentityError):
        parse_pns_nip(raw, today=TODAY)
    parsed = parse_pppk_ni(raw, today=TODAY)
    assert parsed.kind is IdKind.NIP_PPPK and parsed.gender == "P"
    # Without a status, the PNS rule fails on the "month" and the PPPK rule accepts it.
    assert parse_identity(raw, today=TODAY).asn_status is AsnStatus.PPPK
    # With PNS status given, it stays refused.
    with pytest.raises(IdentityError):
        parse_identity(raw, status="PNS", today=TODAY)


def test_pppk_still_checks_birth_date_and_gender():
    with pytest.raises(IdentityError, match="birth date"):
        parse_pppk_ni("199013172023152004", today=TODAY)
    with pytest.raises(IdentityError, match="digit 15"):
        parse_pppk_ni("199005172023155004", today=TODAY)


def test_nik_for_guests_women_have_day_plus_40():
    man = parse_nik("7271012505900003", today=TODAY)  # 25-05-1990
    woman = parse_nik("7271016505900003", today=TODAY)  # 65 - 40 = 25
    assert man.birth_date == woman.birth_date == date(1990, 5, 25)
    assert (man.gender, woman.gender) == ("L", "P")
    assert parse_identity("7271 0125 0590 0003", today=TODAY).kind is IdKind.NIK
    with pytest.raises(IdentityError, match="birth date"):
        parse_nik("7271013505900003", today=TODAY)  # day 35
    with pytest.raises(IdentityError):
        parse_identity("198609262015051001", status="NON_ASN", today=TODAY)


def test_future_birth_date_refused():
    with pytest.raises(IdentityError):
        parse_pns_nip("20300101 205001 1 001", today=TODAY)


def test_format_and_mask():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    masked = mask_nip("198609262015051001")
    assert masked == "*" * 15 + "001"  # no birth date part (issue 15 item 9, sync.nip)
