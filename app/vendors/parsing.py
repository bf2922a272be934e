"""Field types shared by every vendor model, so each parser is tolerant in the same ways.

Vendors disagree on "no value" (missing key, ``null``, ``""``), on id types (numbers or strings),
on timestamp precision and on money (decimal strings, integer cents). These annotated types
normalise all of that at the boundary, and :func:`parse_model` turns any validation failure into
the one :class:`~app.errors.BadData` error the rest of the app understands. :func:`parse_list`
is all-or-nothing; :func:`parse_items` skips and counts unreadable items instead.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from app.errors import BadData

log = logging.getLogger("clientdesk.vendors")
M = TypeVar("M", bound=BaseModel)


class VendorModel(BaseModel):
    """Base of every vendor model: unknown fields are kept, never fatal."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=False)


class CamelModel(VendorModel):
    """A vendor model spelt in camelCase on the wire: snake_case attributes, camelCase aliases."""

    model_config = ConfigDict(alias_generator=to_camel)


def _opt_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("expected text, got a boolean")
    if isinstance(value, int | Decimal):
        # Qminder sends phone numbers as JSON numbers; keep the digits.
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    return value if value.strip() else None


def _text(value: Any) -> str:
    text = _opt_text(value)
    return "" if text is None else text


def _id(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError("expected an id")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError(f"expected an id, got {type(value).__name__}")


def _opt_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return _id(value)


#: Largest magnitude an integer field accepts: no vendor count, id or amount comes near it.
MAX_INT = 10**18


def _int(value: Any) -> int:
    """A whole number from an int, a digit string or an integral Decimal, bounded by MAX_INT.

    The bound is checked before any conversion: ``int(Decimal("1E99999999"))`` would build a
    hundred-million-digit integer and hang the sync, so a huge exponent is refused up front.
    """
    if isinstance(value, bool):
        raise ValueError("expected an integer, got a boolean")
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise ValueError("integer out of range")
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
        return int(value)
    if isinstance(value, Decimal):
        if not value.is_finite() or value.adjusted() > 18:
            raise ValueError("integer out of range")
        if value == value.to_integral_value():
            result = int(value)
            if abs(result) > MAX_INT:
                raise ValueError("integer out of range")
            return result
    raise ValueError("expected an integer")


def _opt_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return _int(value)


def _opt_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    raise ValueError("expected true or false")


def _money(value: Any) -> Decimal | None:
    """Decimal money from a decimal string or an exact JSON number; never a float."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        raise ValueError("money must be a decimal string, not a float")
    if isinstance(value, int | Decimal):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError("money is not a decimal number") from exc
    else:
        raise ValueError("expected a decimal amount")
    if not result.is_finite():
        raise ValueError("money must be finite")
    return result


_OFFSET_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")


def parse_timestamp(value: Any) -> datetime | None:
    """Tolerant ISO-8601: with or without fractions, ``Z`` or ``±hh:mm``/``±hhmm``.

    Naive values are taken as UTC (every vendor but Qudini documents UTC). The offset a vendor
    sends is kept, so a Qudini booking still knows its venue's local time.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) < 10 or len(text) > 40:
            raise ValueError("not an ISO-8601 timestamp")
        try:
            # Most vendors send what Python reads as is ("…Z", "…+0100", 7 fractional digits
            # cut to 6). The rewrites only spell the same instant Python's way; skipping them
            # halves the cost of the five timestamps of every LOKE customer a sync stores.
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = _rewritten(text)
    else:
        raise ValueError("expected an ISO-8601 timestamp string")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")


def _rewritten(text: str) -> datetime:
    """:func:`parse_timestamp` of a spelling Python does not read as is."""
    text = text.replace("z", "Z")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    text = _OFFSET_NO_COLON.sub(r"\1:\2", text) if "T" in text else text
    # Python accepts at most 6 fractional digits; vendors may send more.
    text = _LONG_FRACTION.sub(r"\1", text)
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError("not an ISO-8601 timestamp") from exc


def parse_date(value: Any) -> date | None:
    """A calendar date from ``YYYY-MM-DD`` or a midnight-UTC timestamp (date part, no shift)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError("not a calendar date") from exc
    stamp = parse_timestamp(value)
    return None if stamp is None else stamp.date()


OptStr = Annotated[str | None, BeforeValidator(_opt_text)]
Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_id)]
OptId = Annotated[str | None, BeforeValidator(_opt_id)]
Int = Annotated[int, BeforeValidator(_int)]
OptInt = Annotated[int | None, BeforeValidator(_opt_int)]
OptBool = Annotated[bool | None, BeforeValidator(_opt_bool)]
Money = Annotated[Decimal | None, BeforeValidator(_money)]
Timestamp = Annotated[datetime | None, BeforeValidator(parse_timestamp)]
DateOnly = Annotated[date | None, BeforeValidator(parse_date)]


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [1 if b in b"[{" else -1 for b in range(256)]


def json_too_deep(content: bytes, limit: int) -> bool:
    """Whether ``content`` nests brackets (outside strings) more than ``limit`` deep.

    For bodies read for their message only (error answers), so ``[[[[…`` is refused before
    :func:`json.loads` would recurse into it. No decoding, and no Python-level loop over the
    bytes: strings are cut out, the brackets kept, and the deepest running sum of +1 / -1 per
    bracket taken in C (``map`` + ``accumulate``). Unclosed brackets count as depth, since a
    decoder descends into them too.
    """
    brackets = _STRING.sub(b"", content).translate(None, _NOT_BRACKETS)
    return bool(brackets) and max(accumulate(map(_STEP.__getitem__, brackets))) > limit


def loads(content: bytes | str) -> Any:
    """JSON with every non-integer number as :class:`Decimal`, so money never becomes a float."""
    return json.loads(content, parse_float=Decimal)


def parse_model[M: BaseModel](vendor: str, model: type[M], data: Any, *, what: str = "") -> M:
    """Validate ``data`` as ``model`` or raise :class:`BadData` naming the first bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        where = ".".join(str(p) for p in errors[0]["loc"]) if errors else ""
        label = what or model.__name__
        raise BadData(
            vendor,
            f"unreadable {label} (field {where or 'top level'})",
            detail=f"{exc.error_count()} validation errors; first: "
                   f"{errors[0]['msg'] if errors else ''}",
        ) from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise BadData(vendor, f"unreadable {what or model.__name__}", detail=str(exc)) from None


def parse_list[M: BaseModel](vendor: str, model: type[M], data: Any, *, what: str = "") -> list[M]:
    """Validate a JSON array of ``model`` items, or raise :class:`BadData`."""
    if not isinstance(data, list):
        raise BadData(vendor, f"expected a list of {what or model.__name__}, "
                              f"got {type(data).__name__}")
    return [parse_model(vendor, model, item, what=what) for item in data]


def parse_items[M: BaseModel](
        vendor: str, model: type[M], data: Any, *, what: str = "") -> tuple[list[M], int]:
    """Validate a JSON array item by item: unreadable items are skipped and counted, not fatal.

    Why not :func:`parse_list`: one odd record (a renamed field, a wrong type) must not abort a
    whole page of results or a sync of a million customers — staff still see every other record,
    and the caller reports the count (DESIGN.md, "Errors"). Anything that is not an array at all
    is still :class:`BadData`: then the vendor changed the shape, not one record.
    """
    label = what or model.__name__
    if not isinstance(data, list):
        raise BadData(vendor, f"expected a list of {label}, got {type(data).__name__}")
    items: list[M] = []
    skipped = 0
    for position, raw in enumerate(data):
        try:
            items.append(parse_model(vendor, model, raw, what=what))
        except BadData as exc:
            skipped += 1
            # Position and field only: the record itself may hold personal data.
            log.warning("%s: skipped unreadable %s at position %d: %s (%s)", vendor, label,
                        position, exc.message, exc.detail)
    return items, skipped
