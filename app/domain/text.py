"""Folding text for search: case-, accent- and apostrophe-insensitive, the same on both sides.

"zoe" must find "Zoë", "obrien" must find "O'Brien", "nguyen" must find "Nguyễn". The index and
the query go through the same :func:`fold`, so what a person types and what a vendor sent meet
in one alphabet.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ı": "i",
})
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=32768)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces ("O'Brien-Núñez" → "obrien nunez").

    Cached: names and email words repeat a great deal across a store's customers.
    """
    if text.isascii():
        return _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.translate(_SPECIAL))
    return _NOT_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    folded = fold(text)
    return folded.split() if folded else []


def digits(text: str) -> str:
    """Only the ASCII digits of ``text`` (phone fragments in any format)."""
    return "".join(ch for ch in text if "0" <= ch <= "9")
