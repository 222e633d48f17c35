"""The checks of one row, no queries: its cells (``columns``), then the person and the
certificate they describe, by the models' own validation and the ID number's dates.

Every problem is a ``RowError`` naming row and column: the preview lists them all.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Certificate, Person
from .columns import COLUMNS, FIELD_KEYS, HEADER, PERSON_KEYS, CellError


@dataclass(frozen=True)
class RowError:
    row: int | None  # as Excel shows it; None for a problem of the whole file
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        params = {"row": self.row, "column": self.column, "message": self.message}
        return _("Row %(row)s, “%(column)s”: %(message)s") % params


@dataclass
class RowData:
    """The converted cells of one row, one attribute per column (``columns.COLUMNS``)."""

    number: int
    name: str = ""
    gender: str | None = None
    id_number: str = ""
    mobile: str = ""
    birth_date: date | None = None
    community_work_since: date | None = None
    social_work_degree: bool | None = None
    unit: str = ""
    post: str | None = None
    full_time: bool | None = None
    start: date | None = None
    cert_level: str | None = None
    cert_number: str = ""
    cert_issued: date | None = None

    def person_fields(self) -> dict:
        """The person's fields given in the row (a blank optional cell gives none)."""
        return {f: v for f in PERSON_KEYS if (v := getattr(self, f)) is not None}


def read_row(number: int, values) -> tuple[RowData, list[RowError]]:
    """Convert and check the cells of one row; no queries."""
    row = RowData(number=number)
    problems: list[tuple[str, str]] = []
    for column, value in zip(COLUMNS, values, strict=True):
        try:
            converted = column.read(value)
        except CellError as e:
            problems.append((column.key, str(e)))
            continue
        if column.required and converted in (None, ""):
            problems.append((column.key, _("Required.")))
        elif converted is not None:
            setattr(row, column.key, converted)
    failed = {key for key, __ in problems}
    problems += _person_problems(row, failed)
    problems += _certificate_problems(row, failed)
    return row, [RowError(number, HEADER.get(key, ""), message) for key, message in problems]


def error_problems(error: ValidationError) -> list[tuple[str, str]]:
    """A model's or a service's ``ValidationError`` as (column key, message) pairs."""
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    items = error.message_dict.items()
    return [(FIELD_KEYS.get(f, ""), message) for f, messages in items for message in messages]


def _model_problems(instance, *, exclude) -> list[tuple[str, str]]:
    """The model's own field validation (lengths, ID check digit, mobile pattern)."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as e:
        return error_problems(e)
    return []


def _person_problems(row: RowData, failed: set) -> list[tuple[str, str]]:
    """The person form's checks (``Person.clean_fields`` and ``Person.clean``): the fields,
    then the birth date and gender the ID number gives; an empty birth date is the ID's."""
    person = Person(**row.person_fields())
    problems = _model_problems(person, exclude=[*failed, "street"])
    if "id_number" in failed or any(key == "id_number" for key, __ in problems):
        return problems
    try:
        person.clean()
    except ValidationError as e:
        problems += error_problems(e)
    if row.birth_date is None and "birth_date" not in failed:
        row.birth_date = person.birth_date
    return problems


def _certificate_problems(row: RowData, failed: set) -> list[tuple[str, str]]:
    keys = ("cert_level", "cert_number", "cert_issued")
    given = [key for key in keys if getattr(row, key) not in (None, "")]
    if failed & set(keys) or not given:
        return []
    if len(given) < len(keys):
        missing = next(key for key in keys if key not in given)
        return [(missing, _("Fill in the certificate level, number and issue date together."))]
    certificate = Certificate(level=row.cert_level, number=row.cert_number)
    certificate.issued_on = row.cert_issued
    return _model_problems(certificate, exclude=["person"])
