"""Indonesian names with academic and religious titles: normalising them for matching and search.

"Dr. H. Ahmad Fauzan, S.H., M.H." and "ahmad fauzan" are the same person for matching purposes:
titles after the first comma (gelar belakang) and known front titles (gelar depan) are dropped,
accents and case folded, punctuation removed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Front titles, compared without dots and case-folded. Back titles all come after a comma.
FRONT_TITLES = frozenset(
    {
        "dr",
        "drs",
        "dra",
        "drg",
        "ir",
        "prof",
        "h",
        "hj",
        "kh",
        "tgh",
        "ust",
        "ustadz",
        "ustadzah",
        "apt",
        "ns",
        "bd",
        "ners",
        "letkol",
        "kol",
        "mayor",
        "kapten",
        "aiptu",
        "aipda",
        "bripka",
        "brigpol",
        "ipda",
        "iptu",
        "akp",
        "kompol",
        "akbp",
        "kombes",
        "brigjen",
        "irjen",
        "komjen",
        "rd",
        "raden",
        "ra",
        "andi",
        "tn",
        "ny",
        "nn",
        "sdr",
        "sdri",
        "bapak",
        "ibu",
        "bpk",
    }
)
# "andi" and "raden" are also noble/given names: dropped only when more than one word is left.
_AMBIGUOUS_FRONT = frozenset({"andi", "raden", "rd", "ra"})

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case-fold and strip accents: "Désy" -> "desy"."""
    if text.isascii():  # most names: nothing to decompose (search folds 200 names a keystroke)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def core_name(full_name: str) -> str:
    """The name without titles, folded: the key used to match people across lists."""
    before_comma = full_name.split(",", 1)[0]
    tokens = [t for t in _WORD.findall(fold(before_comma.replace(".", ". ")))]
    while len(tokens) > 1 and tokens[0] in FRONT_TITLES:
        if tokens[0] in _AMBIGUOUS_FRONT and len(tokens) <= 2:
            break
        tokens.pop(0)
    return " ".join(tokens)


@lru_cache(maxsize=4096)  # a list repeats a few hundred agency names thousands of times
def normalise_instansi(text: str) -> str:
    return " ".join(words(text))


# Separators hosts ask guests to rename with: "Nama - Instansi", "Nama/Instansi", "NAMA_INSTANSI",
# "Nama | Instansi". A hyphen needs spaces around it: "Nur-Aini" is one name.
_GUEST_SEPARATORS = re.compile(r"\s+[-\u2013\u2014]\s+|\s*[/_|]\s*")
_TRAILING_PARENS = re.compile(r"^(.*?\S)\s*\(([^()]*)\)\s*$")


def split_guest_name(display: str) -> tuple[str, str]:
    """A guest's display name as hosts ask for it, split into (person, instansi):
    "Budi Santoso (Dinsos Palu)", "BUDI SANTOSO_DINSOS PALU", "Budi Santoso/Dinsos Palu" and
    "Budi Santoso - Dinsos Palu" are all the person "Budi Santoso" of "Dinsos Palu". Parts that are
    only digits (a NIP typed in front) are not the person. The instansi is "" when there is none."""
    text = display.strip()
    notes: list[str] = []
    while (found := _TRAILING_PARENS.match(text)) is not None:
        text, note = found.group(1), found.group(2).strip()
        if note:
            notes.insert(0, note)
    parts = [p.strip() for p in _GUEST_SEPARATORS.split(text) if p.strip()]
    named = [p for p in parts if any(ch.isalpha() for ch in p)]
    if not named:
        return (parts[0] if parts else text), " ".join(notes)
    return named[0], " ".join([*named[1:], *notes])


# Ways Indonesians shorten Muhammad in front of a name ("M. Rizky", "Moh. Rizky", "Muh Rizky").
MUHAMMAD = frozenset(
    {
        "m",
        "mhd",
        "md",
        "muh",
        "moh",
        "moch",
        "mochamad",
        "mochammad",
        "mohamad",
        "mohammad",
        "mohammed",
        "muhamad",
        "muhammad",
        "muhammed",
        "muchammad",
        "muchamad",
    }
)


def abbreviates(short: str, full: str) -> bool:
    """Whether one core name is the other with first names shortened: "m rizky" for
    "muhammad rizky", "a fauzan" for "ahmad fauzan". The last word must be whole on both sides,
    and the names must differ (an equal name is not an abbreviation)."""
    a, b = short.split(), full.split()
    if len(a) != len(b) or not a or a == b or a[-1] != b[-1]:
        return False
    for x, y in zip(a[:-1], b[:-1], strict=True):
        if x == y or (x in MUHAMMAD and y in MUHAMMAD):
            continue
        if (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
            continue
        return False
    return True


_LINKING_WORDS = frozenset({"dan", "serta", "&"})


def _shortens(word: str, names: list[str]) -> bool:
    """ "dinsos" from "dinas sosial", "bappeda" from "badan perencanaan pembangunan daerah",
    "bps" from "badan pusat statistik": the word is made of the beginnings of consecutive words
    (linking words like "dan" may be left out), the way agency acronyms are formed."""

    # A search over (characters used, word reached), each state visited once: trying every split
    # recursively is exponential for a word of repeated letters against such words ("aaa...b").
    if len(word) < 2:
        return False
    frontier = {(0, start) for start in range(len(names))}
    seen = set(frontier)
    while frontier:
        following: set[tuple[int, int]] = set()
        for used, index in frontier:
            if used == len(word):
                return True
            if index >= len(names):
                continue
            name, rest = names[index], word[used:]
            if name in _LINKING_WORDS:
                following.add((used, index + 1))
            for n in range(1, min(len(name), len(rest)) + 1):
                if rest[n - 1] != name[n - 1]:
                    break
                following.add((used + n, index + 1))
        frontier = following - seen
        seen |= frontier
    return False


def instansi_agrees(hint: str, instansi: str) -> bool:
    """Whether what a guest wrote after their name ("Dinsos Palu", "BPS") names the registrant's
    instansi ("Dinas Sosial Kota Palu", "Badan Pusat Statistik"): every word written is one of its
    words or an acronym of some of them."""
    said, registered = words(hint), words(instansi)
    if not said or not registered:
        return False
    return all(w in registered or _shortens(w, registered) for w in said)
