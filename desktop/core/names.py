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
        "dr", "drs", "dra", "drg", "ir", "prof", "h", "hj", "kh", "tgh", "ust", "ustadz",
        "ustadzah", "apt", "ns", "bd", "ners", "letkol", "kol", "mayor", "kapten", "aiptu",
        "aipda", "bripka", "brigpol", "ipda", "iptu", "akp", "kompol", "akbp", "kombes", "brigjen",
        "irjen", "komjen", "rd", "raden", "ra", "andi", "tn", "ny", "nn", "sdr", "sdri", "bapak",
        "ibu", "bpk",
    }
)  # fmt: skip
# "andi" and "raden" are also noble/given names: dropped only when more than one word is left.
_AMBIGUOUS_FRONT = frozenset({"andi", "raden", "rd", "ra"})

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case-fold and strip accents: "Désy" -> "desy"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _front_title_tokens(raw_part: str) -> list[str]:
    return [w for w in re.split(r"[\s.]+", fold(raw_part)) if w]


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
