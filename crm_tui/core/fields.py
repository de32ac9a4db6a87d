"""Field definitions shared by validation, forms and lists, and the rules for each kind."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from crm_tui.core.clock import utcnow

EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]+(?:\s*(?:x|ext\.?)\s*[0-9]+)?$", re.IGNORECASE)
HOST_RE = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?::[0-9]{1,5})?$")

TEXT, MULTILINE, EMAIL, PHONE, URL, MONEY, INTEGER, CHOICE, REFERENCE, DATETIME, REGARDING = (
    "text", "multiline", "email", "phone", "url", "money", "integer", "choice", "reference", "datetime",
    "regarding",
)
DATE, PERCENT, CUSTOMER = "date", "percent", "customer"  # customer: an account or a contact
DURATION = "duration"  # minutes, typed as 90, 45m, 1h 30m, 2d, 1.5h
QUANTITY = "quantity"  # a count or hours with up to two decimals: an entitlement's terms
RECORD_PAIRS = (REGARDING, CUSTOMER)  # values that are (record type, id)
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
RELATIVE_RE = re.compile(r"^\+\s*(\d+)\s*([mhdw])$", re.IGNORECASE)
DATETIME_HELP = "Enter a date like 2026-03-31 or 2026-03-31 14:30, or today, tomorrow, +3d, +2h"
DATE_HELP = "Enter a date like 2026-03-31, or today, tomorrow, +30d, +2w"
DURATION_HELP = "Enter a time like 90 (minutes), 45m, 1h 30m, 1.5h or 2d"
DURATION_PART_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|min|mins|minutes?|hours?|hrs?|days?)?", re.IGNORECASE)
UNIT_MINUTES = {"d": 1440, "h": 60, "m": 1}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    placeholder: str = ""
    computed: bool = False  # shown, never typed: the record's actions and rules set it
    # What a form offers, where less than choices may be picked (an open case's status reasons:
    # a closing one is set by its action); choices is everything a stored value may be.
    form_choices: tuple[str, ...] | None = None
    target: str = ""  # a reference's record type ("account", "user"...)

    @property
    def offered(self) -> tuple[str, ...]:
        return self.choices if self.form_choices is None else self.form_choices


def _check_email(text: str) -> str | None:
    return None if EMAIL_RE.match(text) else "Enter an email address like name@example.com"


def _check_phone(text: str) -> str | None:
    digits = sum(ch.isdigit() for ch in text)
    if not PHONE_RE.match(text) or digits < 3 or digits > 20:
        return "Enter a phone number: digits, spaces, + ( ) - . and an optional extension"
    return None


def _check_url(text: str) -> str | None:
    rest = re.sub(r"^https?://", "", text, flags=re.IGNORECASE)
    host, _, _path = rest.partition("/")
    if " " in text or not HOST_RE.match(host):
        return "Enter a web address like example.com or https://example.com"
    return None


# Digits, optionally grouped in threes by commas (1,250,000): "1,2,3" is not a number someone meant.
GROUPED_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?$")
EARLIEST, LATEST = dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 30, 23, 59)  # a day spare for time zones
RANGE_HELP = "Between 1900-01-01 and 9999-12-30"


def _number_text(text: str) -> str | None:
    """The number typed, without its separators; None if the separators are not where they go."""
    text = text.replace("_", "").replace(" ", "")
    return text.replace(",", "") if GROUPED_RE.match(text) else None


def _to_money(text: str) -> tuple[Decimal | None, str | None]:
    number = _number_text(text)
    if number is None:
        return None, "Enter an amount, like 125000, 125,000 or 125000.50"
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None, "Enter an amount, like 125000 or 125000.50"
    if not value.is_finite():
        return None, "Enter an amount, like 125000 or 125000.50"
    if value < 0:
        return None, "Must not be negative"
    if value.as_tuple().exponent < -2:
        return None, "At most two decimal places"
    if abs(value) >= Decimal("1e16"):
        return None, "Too large"
    return value.quantize(Decimal("0.01")), None


def _to_integer(text: str) -> tuple[int | None, str | None]:
    number = _number_text(text)
    try:
        if number is None or len(number) > 40:
            raise ValueError(text)
        value = int(number)
    except ValueError:
        return None, "Enter a whole number"
    if value < 0:
        return None, "Must not be negative"
    if value > 2**31 - 1:
        return None, "Too large"
    return value, None


def to_utc(local: dt.datetime) -> dt.datetime:
    """A naive local time (as typed) as the naive UTC the database keeps."""
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def to_local(utc: dt.datetime) -> dt.datetime:
    """A stored naive UTC time in the user's own time zone, for showing."""
    try:
        return utc.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)
    except OverflowError:  # at the very ends of the calendar (9999-12-31 seen from Tokyo): as stored
        return utc


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC moments a local day starts and the next one starts."""
    start = to_utc(dt.datetime.combine(day, dt.time()))
    return start, to_utc(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def local_today() -> dt.date:
    """Today in the user's time zone, by the clock every timestamp uses (tests fix it)."""
    return to_local(utcnow()).date()


def parse_datetime(text: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """A local date and time as typed: ISO dates, now, today (17:00), tomorrow (09:00), +3d, +2h, +30m, +1w."""
    text = text.strip()
    now = now or dt.datetime.now()
    lowered = text.casefold()
    if lowered == "now":
        return now.replace(second=0, microsecond=0)
    if lowered == "today":
        return dt.datetime.combine(now.date(), dt.time(17, 0))
    if lowered == "tomorrow":
        return dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(9, 0))
    if match := RELATIVE_RE.match(text):
        amount, unit = int(match.group(1)[:12]), match.group(2).lower()
        try:
            delta = {"m": dt.timedelta(minutes=amount), "h": dt.timedelta(hours=amount),
                     "d": dt.timedelta(days=amount), "w": dt.timedelta(weeks=amount)}[unit]
            return (now + delta).replace(second=0, microsecond=0)
        except OverflowError:  # past year 9999: out of range (said by the caller)
            return dt.datetime.max
    for fmt in DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_duration(text: str) -> int | None:
    """Minutes from 90, 45m, 1h 30m, 1.5h, 2d (a bare number is minutes); None if not a duration."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    total, at = 0.0, 0
    for match in DURATION_PART_RE.finditer(text):
        if text[at:match.start()].strip():
            return None
        unit = (match.group(2) or "m")[0].lower()
        total += float(match.group(1)) * UNIT_MINUTES[unit]
        at = match.end()
    if at == 0 or text[at:].strip():
        return None
    return round(total) if math.isfinite(total) and total < 2**62 else 2**62  # huge: out of range


def duration_text(minutes: int | None, parts_shown: int = 3) -> str:
    """Minutes as people say them: 45m, 1h 30m, 2d 4h (at most parts_shown units, the largest)."""
    if minutes is None:
        return ""
    sign, minutes = ("-" if minutes < 0 else ""), abs(minutes)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins or not minutes else ""]
    return sign + " ".join([p for p in parts if p][:parts_shown])


_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Cn", "Co", "Cs"}  # controls, format marks, spaces, unassigned


def is_visible(text: str) -> bool:
    """Whether text shows anything at all (a name of zero-width spaces and bidi marks does not)."""
    return any(unicodedata.category(ch) not in _INVISIBLE for ch in text)


def coerce(spec: FieldSpec, raw: object) -> tuple[object, str | None]:
    """Turn what a user or a caller gave into the stored value, or say what is wrong."""
    if raw is None or (isinstance(raw, str) and not is_visible(raw)):
        return None, ("Required" if spec.required else None)
    if isinstance(raw, str) and "\x00" in raw:
        return None, "Contains a NUL character, which cannot be stored"
    if spec.kind == DATETIME:  # a datetime object is UTC already; typed text is local time
        if isinstance(raw, dt.datetime):
            return raw.replace(microsecond=0), None
        value = parse_datetime(str(raw))
        if value is None:
            return None, DATETIME_HELP
        if not EARLIEST <= value <= LATEST:
            return None, RANGE_HELP
        return to_utc(value), None
    if spec.kind == DATE:
        if isinstance(raw, dt.date):
            return (raw.date() if isinstance(raw, dt.datetime) else raw), None
        value = parse_datetime(str(raw))
        if value is None:
            return None, DATE_HELP
        if not EARLIEST <= value <= LATEST:
            return None, RANGE_HELP
        return value.date(), None
    if spec.kind in RECORD_PAIRS:
        if isinstance(raw, (tuple, list)) and len(raw) == 2 and str(raw[1]).isdigit():
            return (str(raw[0]), int(raw[1])), None
        kind_key, _, rid = str(raw).partition(":")
        return ((kind_key, int(rid)), None) if rid.isdigit() else (None, "Choose a record")
    if spec.kind == REFERENCE:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw, None
        try:
            return int(str(raw)), None
        except ValueError:
            return None, "Not a record id"
    if spec.kind in (MONEY, QUANTITY):
        return _to_money(str(raw).strip())
    if spec.kind == INTEGER:
        return _to_integer(str(raw).strip())
    if spec.kind == DURATION:
        if isinstance(raw, int) and not isinstance(raw, bool):
            minutes = raw
        else:
            minutes = parse_duration(str(raw))
        if minutes is None:
            return None, DURATION_HELP
        if not 0 <= minutes <= 10 * 365 * 1440:
            return None, "Between 0 minutes and ten years"
        return minutes, None
    if spec.kind == PERCENT:
        value, problem = _to_integer(str(raw).strip().removesuffix("%"))
        if problem or value > 100:
            return None, "Enter a whole number from 0 to 100"
        return value, None
    text = str(raw) if spec.kind == MULTILINE else str(raw).strip()
    if spec.max_length and len(text) > spec.max_length:
        return None, f"At most {spec.max_length} characters"
    checker = {EMAIL: _check_email, PHONE: _check_phone, URL: _check_url}.get(spec.kind)
    if checker and (problem := checker(text)):
        return None, problem
    if spec.kind == CHOICE and text not in spec.choices:
        return None, "Choose one of: " + ", ".join(spec.choices)
    return text, None


def sort_key(*parts: str | None) -> str:
    """The casefolded, space-folded text lists sort and find by."""
    return " ".join(" ".join(p for p in parts if p).casefold().split())


def compact(amount: Decimal | float | int) -> str:
    """Money at a glance: 950, 12.5k, 3.40M, 1.20B."""
    value = float(amount)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            scaled = value / limit
            return f"{scaled:.2f}{suffix}" if scaled < 10 else f"{scaled:.1f}{suffix}"
    return f"{value:,.0f}"


def display(value: object) -> str:
    """A stored value as a form or a list shows it."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dt.datetime):
        return f"{to_local(value):%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)
