"""A person's identity, checked one way everywhere: the person form, the roster import and
the model (``Person.clean_fields``/``save``) all call these functions.

ID numbers (GB 11643-1999: 17 digits and a check character) and mobiles are *normalised*
first, then checked with ASCII-only patterns (``[0-9]``, never ``\\d``, which matches any
Unicode digit). Normalising is NFKC (full-width ``１`` → ``1``), then every other Unicode
decimal digit (Arabic-Indic ``١``, Devanagari ``१`` …) mapped to its ASCII digit, spaces and
invisible format characters (zero-width space, BOM, direction marks) dropped and ``x``
upper-cased: one number typed in any script is stored once, as ASCII. Mapping (rather than
refusing) other scripts' digits also lets the migration normalise any such stored row.

Dates are kept between 1900-01-01 and today (a past event) or 2100-12-31 (a date that may
lie ahead), as the roster import has always read them.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shangcheng.xlsx import FORMULA_START

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# ASCII only: after normalising, any other character is refused.
ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
MOBILE_SHAPE = re.compile(r"^1[3-9][0-9]{9}$")
# The same patterns for the database's check constraints (``Person.Meta``).
ID_SHAPE_SQL = r"^[0-9]{17}[0-9X]$"
MOBILE_SHAPE_SQL = r"^1[3-9][0-9]{9}$"

# What a clerk is told when an ID number cannot go on the roster because someone outside the
# clerk's streets holds it. It says nothing of whether, or where, the number exists: the same
# words the database's uniqueness gives anywhere (``Person.id_number``'s "unique" message).
ID_NUMBER_NOT_HERE = gettext_lazy(
    "This ID number cannot be registered on this street's roster. If the person works for "
    "another street, ask the district civil affairs bureau to transfer them."
)

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
NAME_MAX_LENGTH = 50
# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
# a name display as something else ("Trojan Source").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _ascii_digits(value: str) -> str:
    """NFKC, every Unicode decimal digit as its ASCII digit, spaces and format chars gone."""
    out = []
    for char in unicodedata.normalize("NFKC", value):
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue  # spaces, zero-width characters (U+200B–U+200D, U+2060, U+FEFF), marks
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


def normalise_id_number(value: str | None) -> str:
    """``３３０１…``, ``330 102 …``, ``…102x`` → ``330102…102X``; anything else is left for
    ``validate_id_number`` to refuse."""
    return _ascii_digits(value or "").upper()


def normalise_mobile(value: str | None) -> str:
    """``+86 138 0013 8000``, ``86-13800138000``, ``13８００１３８０００`` → ``13800138000``.

    Besides spaces, hyphens separate groups of digits; a leading ``+86``, ``0086`` or ``86``
    (before 11 digits) is the country code."""
    value = _ascii_digits(value or "").replace("-", "")
    for prefix in ("+86", "0086", "86"):
        if value.startswith(prefix) and len(value) == len(prefix) + 11:
            return value[len(prefix) :]
    return value


def id_check_char(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_birth_date(value: str) -> date | None:
    """The birth date in digits 7–14 of a well-formed ID number, or None if it does not exist."""
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def id_is_male(value: str) -> bool:
    """GB 11643: the 17th digit (the order code's last) is odd for men."""
    return int(value[16]) % 2 == 1


def validate_id_number(value: str) -> None:
    value = normalise_id_number(value)
    if not ID_SHAPE.match(value):
        raise ValidationError(
            _("An ID number has 17 digits and a check digit or X."), code="id_shape"
        )
    born = id_birth_date(value)
    if born is None:
        raise ValidationError(
            _("The birth date inside the ID number does not exist."), code="id_birth_date"
        )
    today = timezone.localdate()
    if not EARLIEST_DATE <= born <= today:
        message = _("The birth date in the ID number (%(date)s) is not from 1900-01-01 to today.")
        raise ValidationError(message % {"date": born.isoformat()}, code="id_birth_range")
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("The check digit of the ID number is wrong."), code="id_check")


def validate_mobile(value: str) -> None:
    if not MOBILE_SHAPE.match(normalise_mobile(value)):
        raise ValidationError(_("Enter an 11-digit mainland mobile number."), code="mobile")


def id_number_mismatches(id_number: str, *, gender: str | None, birth_date: date | None) -> dict:
    """The fields (``gender``, ``birth_date``) that contradict a valid ID number, with why.

    ``id_number`` must have passed ``validate_id_number``. The person form (``Person.clean``)
    and the roster import ask here.
    """
    problems = {}
    born = id_birth_date(id_number)
    if birth_date is not None and born is not None and birth_date != born:
        message = _("Differs from the birth date in the ID number (%(date)s).")
        problems["birth_date"] = message % {"date": born.isoformat()}
    if gender and (gender == "male") != id_is_male(id_number):
        problems["gender"] = _("Differs from the gender the ID number gives.")
    return problems


def date_range_message(latest: date) -> str:
    # EARLIEST_DATE is written out in the message (the roster import's wording since v1).
    return _("Enter a date from 1900-01-01 up to %(latest)s.") % {"latest": latest.isoformat()}


def validate_past_date(value: date) -> None:
    """A date of something that has happened: from 1900-01-01 to today."""
    today = timezone.localdate()
    if value is not None and not EARLIEST_DATE <= value <= today:
        raise ValidationError(date_range_message(today), code="date_range")


def validate_plausible_date(value: date) -> None:
    """A date that may lie ahead (a post's start or end, an expiry): 1900-01-01 to 2100-12-31."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(date_range_message(LATEST_DATE), code="date_range")


def validate_person_name(value: str) -> None:
    """A name as on the ID card: no digits, nothing a spreadsheet reads as a formula, no
    invisible characters (zero-width spaces, direction overrides), something visible."""
    if any(unicodedata.category(c) == "Cf" for c in value):
        if any(c in _BIDI_CONTROLS for c in value):
            message = _("Contains a text-direction control character (such as U+202E); remove it.")
        else:
            message = _("Contains an invisible character (such as a zero-width space); remove it.")
        raise ValidationError(message, code="name_invisible")
    if not value.strip():
        raise ValidationError(_("Enter the name as on the ID card."), code="name_blank")
    if value.startswith(FORMULA_START):
        message = _("Starts with %(char)s, which a spreadsheet reads as a formula.")
        raise ValidationError(message % {"char": value[0]}, code="name_formula")
    if any(c.isdigit() for c in value):
        raise ValidationError(_("A name contains no digits."), code="name_digits")
    if len(value) > NAME_MAX_LENGTH:
        message = _("A name has at most %(max)s characters.")
        raise ValidationError(message % {"max": NAME_MAX_LENGTH}, code="name_length")
