"""Money in minor units, shown exactly in the store's currency.

Vendors give amounts as integer minor units (LOKE's ``total_spend``: cents) and the profile
names the store's ISO 4217 currency. Formatting is integer arithmetic only — a float would
turn 0.29 into 0.28999… somewhere between the vendor and the screen — and the number of minor
digits comes from ISO 4217 itself (yen have none, dinars three), not from an assumption that
every currency has cents.
"""

from __future__ import annotations

__all__ = ["format_minor", "minor_digits"]

#: ISO 4217 currencies whose minor unit is not 1/100 (the rest have two digits).
_MINOR_DIGITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
                     "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    "CLF": 4, "UYW": 4,
}


def minor_digits(currency: str) -> int:
    """How many digits follow the decimal point in ``currency`` (ISO 4217; 2 unless listed)."""
    return _MINOR_DIGITS.get(currency.upper(), 2)


def format_minor(amount: int, currency: str) -> str:
    """``79092, "AUD"`` → ``"790.92 AUD"``; ``123456, "JPY"`` → ``"123,456 JPY"``.

    The code rather than a symbol: "$" is the same for AUD, NZD and USD, and a support tool
    must not leave the reader guessing which one a figure is in.
    """
    digits = minor_digits(currency)
    sign = "-" if amount < 0 else ""
    whole, fraction = divmod(abs(amount), 10 ** digits)
    text = f"{whole:,}"
    if digits:
        text += f".{fraction:0{digits}d}"
    return f"{sign}{text} {currency.upper()}"
