"""Resident ID numbers (GB 11643-1999): 17 digits and a check character, ``x`` normalised."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper()


def id_check_char(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str) -> None:
    value = normalise_id_number(value)
    if not _SHAPE.match(value):
        raise ValidationError(
            _("An ID number has 17 digits and a check digit or X."), code="id_shape"
        )
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date inside the ID number does not exist."), code="id_birth_date"
        ) from None
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("The check digit of the ID number is wrong."), code="id_check")
