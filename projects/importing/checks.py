"""The checks of one row, no queries: its cells (``columns``), then the project or the
funding line they describe, by the models' own field validation and the rules of the
project form (years in order, G3 purchase domain, a purchase names project and amount).

Every problem is a ``RowError`` naming sheet, row and column: the preview lists them all.
A row's converted values travel in the signed payload of the preview (``as_payload``) and
come back as the same dataclass (``from_payload``) to be checked again at confirmation.
"""

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Funding, Project
from .columns import (
    FUNDING_COLUMNS,
    FUNDING_FIELDS,
    FUNDING_HEADER,
    FUNDING_SHEET,
    PROJECT_COLUMNS,
    PROJECT_FIELDS,
    PROJECT_HEADER,
    PROJECT_SHEET,
    CellError,
)


@dataclass(frozen=True)
class RowError:
    sheet: str  # "" for a problem of the whole file
    row: int | None  # as Excel shows it
    column: str  # the Chinese header, "" for the whole row
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        params = {"sheet": self.sheet, "row": self.row, "message": self.message}
        if not self.column:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % params
        params["column"] = self.column
        return _("Sheet “%(sheet)s”, row %(row)s, “%(column)s”: %(message)s") % params


def file_error(message: str) -> RowError:
    return RowError("", None, "", message)


@dataclass
class ProjectRow:
    """The converted cells of one row of the sheet 项目."""

    number: int
    unit: str = ""
    name: str = ""
    category: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    focus_areas: list[str] = field(default_factory=list)
    partners: str = ""
    budget: Decimal | None = None
    source: str | None = None
    purchase_domain: str | None = None
    declared_non_administrative: bool | None = None

    sheet = PROJECT_SHEET
    header = PROJECT_HEADER

    def project_fields(self) -> dict:
        """The fields of the project it creates, but its unit."""
        return {
            "name": self.name,
            "category": self.category,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "focus_areas": list(self.focus_areas),
            "partners": self.partners,
            "budget": self.budget,
            "source": self.source or "",
            "purchase_domain": self.purchase_domain or "",
            "declared_non_administrative": bool(self.declared_non_administrative),
        }


@dataclass
class FundingRow:
    """The converted cells of one row of the sheet 经费."""

    number: int
    year: int | None = None
    venture_fund: Decimal | None = None
    project_name: str = ""
    amount: Decimal | None = None

    sheet = FUNDING_SHEET
    header = FUNDING_HEADER

    @property
    def purchases(self) -> bool:
        return bool(self.project_name)


def row_errors(row, problems) -> list[RowError]:
    """``(column key, message)`` pairs of ``row`` as errors naming sheet, row and column."""
    return [RowError(row.sheet, row.number, row.header.get(k, ""), m) for k, m in problems]


def _read(row, columns, values) -> list[tuple[str, str]]:
    problems = []
    for column, value in zip(columns, values, strict=True):
        try:
            converted = column.read(value)
        except CellError as e:
            problems.append((column.key, str(e)))
            continue
        if column.required and converted in (None, ""):
            problems.append((column.key, _("Required.")))
        elif converted is not None:
            setattr(row, column.key, converted)
    return problems


def error_problems(error: ValidationError, keys: dict) -> list[tuple[str, str]]:
    """A model's or a service's ``ValidationError`` as (column key, message) pairs."""
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    items = error.message_dict.items()
    return [(keys.get(f, ""), message) for f, messages in items for message in messages]


def _field_problems(instance, *, exclude, keys) -> list[tuple[str, str]]:
    """The model's own field validation (lengths, years, amounts)."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as e:
        return error_problems(e, keys)
    return []


def read_project_row(number: int, values) -> tuple[ProjectRow, list[RowError]]:
    """Convert and check the cells of one row of 项目; no queries."""
    row = ProjectRow(number=number)
    problems = _read(row, PROJECT_COLUMNS, values)
    return row, row_errors(row, problems + project_problems(row, {k for k, __ in problems}))


def project_problems(row: ProjectRow, failed: set) -> list[tuple[str, str]]:
    """What the project form refuses of a row whose cells read well; no queries."""
    exclude = [*failed, "unit", "category", "focus_areas", "stage"]
    project = Project(**{**row.project_fields(), "category": row.category or ""})
    problems = _field_problems(project, exclude=exclude, keys=PROJECT_FIELDS)
    if row.first_year is not None and row.last_year is not None and row.last_year < row.first_year:
        problems.append(("last_year", _("The last year cannot be before the first.")))
    if "source" in failed or "purchase_domain" in failed:
        return problems
    if row.source == Project.Source.PURCHASE and not row.purchase_domain:
        problems.append(("purchase_domain", _("A purchase of service names its domain (G3).")))
    elif row.purchase_domain and row.source != Project.Source.PURCHASE:
        message = _("Only a purchase of service has a purchase domain.")
        problems.append(("purchase_domain", message))
    return problems


def read_funding_row(number: int, values) -> tuple[FundingRow, list[RowError]]:
    """Convert and check the cells of one row of 经费; no queries."""
    row = FundingRow(number=number)
    problems = _read(row, FUNDING_COLUMNS, values)
    return row, row_errors(row, problems + funding_problems(row, {k for k, __ in problems}))


def funding_problems(row: FundingRow, failed: set) -> list[tuple[str, str]]:
    problems = []
    if {"project_name", "amount"} & failed:
        return problems
    if row.project_name and row.amount is None:
        problems.append(("amount", _("Fill in the amount of the purchase.")))
    elif row.amount is not None and not row.project_name:
        problems.append(("project_name", _("Name the project purchased.")))
    elif row.amount is not None and row.amount <= 0:
        problems.append(("amount", _("A purchase is of an amount above zero.")))
    elif not row.project_name and row.venture_fund is None and "venture_fund" not in failed:
        problems.append(("", _("Fill in the venture fund total or a purchase.")))
    if row.year is not None and row.venture_fund is not None:
        funding = Funding(year=row.year, venture_fund=row.venture_fund)
        keys = FUNDING_FIELDS
        problems += _field_problems(funding, exclude=[*failed, "street"], keys=keys)
    return problems


# The signed payload of the preview: plain JSON values, amounts as text.


def as_payload(row) -> dict:
    data = asdict(row)
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in data.items()}


def from_payload(cls, data: dict):
    """A row of ``cls`` from ``as_payload``; ``ValueError`` on anything else."""
    names = {f.name for f in fields(cls)}
    if not isinstance(data, dict) or set(data) != names:
        raise ValueError("unexpected row")
    row = cls(**data)
    for key in ("budget", "venture_fund", "amount"):
        if getattr(row, key, None) is not None:
            setattr(row, key, Decimal(getattr(row, key)))
    return row
