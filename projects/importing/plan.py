"""What an import would do: each row checked against the street and the rows before it
(``Context``, a fixed number of queries), and the plan of the whole file.

Projects are created only: a row naming a project that the unit has from the same first
year already is an error. A funding line creates the street's funding of its year or
changes its venture fund; a purchase buys a project of the street's station running in the
year, one already recorded or one the sheet 项目 of the same file creates (G2).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from stations.models import Unit

from ..models import Funding, Project, Purchase
from .checks import FundingRow, ProjectRow, RowError, row_errors
from .columns import STATION_CATEGORIES, WORKROOM_CATEGORIES


@dataclass
class PlannedProject:
    data: ProjectRow
    unit: Unit

    @property
    def category_label(self) -> str:
        labels = STATION_CATEGORIES if self.unit.is_station else WORKROOM_CATEGORIES
        return next(label for label, code in labels.items() if code == self.data.category)


@dataclass
class PlannedFunding:
    """The street's funding of a year: recorded (``existing``) or created by this file."""

    year: int
    existing: Funding | None
    venture_fund: Decimal | None = None  # the file's total; None: not given
    venture_row: int | None = None  # the row that gives it
    rows: list[int] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        """The venture fund once imported."""
        if self.venture_fund is None and self.existing is not None:
            return self.existing.venture_fund
        return self.venture_fund

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        if self.venture_fund is not None and self.venture_fund != self.existing.venture_fund:
            return "update"
        return "unchanged"


@dataclass
class PlannedPurchase:
    data: FundingRow
    project: Project | None  # on record; None: ``planned`` creates it
    planned: PlannedProject | None = None

    @property
    def project_name(self) -> str:
        return self.data.project_name


@dataclass
class ImportPlan:
    street: object
    projects: list[PlannedProject] = field(default_factory=list)
    fundings: dict[int, PlannedFunding] = field(default_factory=dict)
    purchases: list[PlannedPurchase] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    project_rows: list[ProjectRow] = field(default_factory=list)  # every row that read well
    funding_rows: list[FundingRow] = field(default_factory=list)
    data_rows: int = 0

    def count(self, action: str) -> int:
        return sum(1 for f in self.fundings.values() if f.action == action)

    @property
    def counts(self) -> dict:
        return {
            "projects": len(self.projects),
            "fundings_created": self.count("create"),
            "fundings_updated": self.count("update"),
            "purchases": len(self.purchases),
            "errors": len(self.errors),
        }

    def __str__(self):
        return ", ".join(f"{k}={v}" for k, v in {"rows": self.data_rows, **self.counts}.items())


class Context:
    """Checks each row against the street and the rows before it; remembers the valid ones."""

    def __init__(self, *, street, units, projects, fundings, purchases):
        self.street = street
        self.units = defaultdict(list)
        for unit in units:
            self.units[unit.name].append(unit)
        self.projects = defaultdict(list)  # name → the street's projects on record
        for project in projects:
            self.projects[project.name].append(project)
        self.fundings = {funding.year: funding for funding in fundings}
        self.purchased = set(purchases)  # (year, project pk) on record
        self.planned: dict[tuple, PlannedProject] = {}  # (unit pk, name, first year)
        self.failed_projects: dict[str, int] = {}  # name → a row of 项目 with errors
        self.planned_fundings: dict[int, PlannedFunding] = {}
        self.planned_purchases: dict[tuple, int] = {}  # (year, project key) → row
        self.purchases: list[PlannedPurchase] = []

    @classmethod
    def load(cls, *, street, units, project_rows, funding_rows) -> "Context":
        """Four queries: the street's units, its projects of the names in the file, its
        funding of the file's years and the purchases out of them."""
        units = list(units.filter(street=street))
        names = {row.name for row in project_rows} | {row.project_name for row in funding_rows}
        projects = Project.objects.filter(unit__in=units, name__in=names - {""})
        years = {row.year for row in funding_rows if row.year is not None}
        fundings = list(Funding.objects.filter(street=street, year__in=years))
        purchases = Purchase.objects.filter(funding__in=fundings)
        purchases = purchases.values_list("funding__year", "project_id")
        return cls(
            street=street,
            units=units,
            projects=projects.select_related("unit"),
            fundings=fundings,
            purchases=purchases,
        )

    # 项目

    def check_project(self, row: ProjectRow, *, remember=True) -> list[RowError]:
        """``remember`` is off for a row whose cells are wrong: later rows do not build on
        it, but a purchase of its name is told which row to correct."""
        problems: list[tuple[str, str]] = []
        unit = self._unit(row, problems)
        if unit is not None:
            self._category(row, unit, problems)
            self._new_project(row, unit, problems)
        if problems or not remember:
            self.failed_projects.setdefault(row.name, row.number)
            return row_errors(row, problems)
        self.planned[(unit.pk, row.name, row.first_year)] = PlannedProject(row, unit)
        return []

    def _unit(self, row, problems) -> Unit | None:
        matches = self.units.get(row.unit, [])
        if row.unit and not matches:
            message = _("No station or workroom of this street has this name.")
            problems.append(("unit", message))
        elif len(matches) > 1:
            problems.append(("unit", _("Two units of this street have this name.")))
        return matches[0] if len(matches) == 1 else None

    def _category(self, row, unit, problems) -> None:
        labels = STATION_CATEGORIES if unit.is_station else WORKROOM_CATEGORIES
        if row.category is not None and row.category not in labels.values():
            message = (
                _("Not a category of a station (P1): choose one of %(choices)s.")
                if unit.is_station
                else _("Not a category of a workroom (P2): choose one of %(choices)s.")
            )
            problems.append(("category", message % {"choices": "、".join(labels)}))

    def _new_project(self, row, unit, problems) -> None:
        if not row.name or row.first_year is None:
            return
        key = (unit.pk, row.name, row.first_year)
        if (earlier := self.planned.get(key)) is not None:
            message = _("Row %(row)s already has this project of this unit from this year.")
            problems.append(("name", message % {"row": earlier.data.number}))
        elif any(
            (p.unit_id, p.first_year) == (unit.pk, row.first_year)
            for p in self.projects.get(row.name, [])
        ):
            message = _("This unit has this project from this year on record already.")
            problems.append(("name", message))

    # 经费

    def check_funding(self, row: FundingRow, *, remember=True) -> list[RowError]:
        problems: list[tuple[str, str]] = []
        planned = None
        if row.year is not None:
            planned = self._funding(row, problems)
        purchase = None
        if row.purchases and row.year is not None:
            purchase = self._purchase(row, problems)
        if problems or not remember:
            return row_errors(row, problems)
        if planned is not None:
            planned.rows.append(row.number)
            if row.venture_fund is not None and planned.venture_fund is None:
                planned.venture_fund, planned.venture_row = row.venture_fund, row.number
            self.planned_fundings[row.year] = planned
        if purchase is not None:
            self.planned_purchases[(row.year, _project_key(purchase))] = row.number
            self.purchases.append(purchase)
        return []

    def _funding(self, row, problems) -> PlannedFunding:
        planned = self.planned_fundings.get(row.year) or PlannedFunding(
            year=row.year, existing=self.fundings.get(row.year)
        )
        given = planned.venture_fund
        if row.venture_fund is not None and given is not None and given != row.venture_fund:
            message = _("Differs from the venture fund total of row %(row)s for the same year.")
            problems.append(("venture_fund", message % {"row": planned.venture_row}))
        return planned

    def _purchase(self, row, problems) -> PlannedPurchase | None:
        candidates = self._station_projects(row.project_name, row.year)
        if len(candidates) > 1:
            message = _("Several projects of the station have this name in %(year)s.")
            problems.append(("project_name", message % {"year": row.year}))
            return None
        if not candidates:
            problems.append(("project_name", self._not_purchasable(row)))
            return None
        purchase = candidates[0]
        key = (row.year, _project_key(purchase))
        if (earlier := self.planned_purchases.get(key)) is not None:
            message = _("Row %(row)s already purchases this project in %(year)s.")
            problems.append(("project_name", message % {"row": earlier, "year": row.year}))
        elif purchase.project is not None and (row.year, purchase.project.pk) in self.purchased:
            message = _("This project's purchase in %(year)s is on record already.")
            problems.append(("project_name", message % {"year": row.year}))
        return PlannedPurchase(row, purchase.project, purchase.planned)

    def _station_projects(self, name: str, year: int) -> list[PlannedPurchase]:
        """The station's projects of ``name`` running in ``year``, recorded or planned."""
        found = [
            PlannedPurchase(None, project)
            for project in self.projects.get(name, [])
            if project.unit.is_station and project.runs_in(year)
        ]
        for planned in self.planned.values():
            d = planned.data
            runs = d.first_year <= year and (d.last_year is None or year <= d.last_year)
            if planned.unit.is_station and d.name == name and runs:
                found.append(PlannedPurchase(None, None, planned))
        return found

    def _not_purchasable(self, row) -> str:
        name, year = row.project_name, row.year
        planned = [p for p in self.planned.values() if p.data.name == name]
        units = [p.unit for p in self.projects.get(name, [])] + [p.unit for p in planned]
        if name in self.failed_projects:
            message = _("The project of this name on sheet “%(sheet)s” has errors (row %(row)s).")
            return message % {"sheet": ProjectRow.sheet, "row": self.failed_projects[name]}
        if units and not any(unit.is_station for unit in units):
            return _("This is a workroom's project; only a station's project is purchased (G2).")
        if units:
            return _("No project of the station of this name runs in %(year)s.") % {"year": year}
        return _("No project of this street's station has this name.")

    def finish(self, plan: ImportPlan) -> None:
        """Years the file funds without a total and that have no funding on record."""
        for year, planned in sorted(self.planned_fundings.items()):
            if planned.existing is None and planned.venture_fund is None:
                message = _("Required: no funding of %(year)s is on record for this street.")
                error = RowError(
                    FundingRow.sheet,
                    planned.rows[0],
                    FundingRow.header["venture_fund"],
                    message % {"year": year},
                )
                plan.errors.append(error)
        plan.projects = list(self.planned.values())
        plan.fundings = dict(sorted(self.planned_fundings.items()))
        plan.purchases = list(self.purchases)


def _project_key(purchase: PlannedPurchase) -> tuple:
    if purchase.project is not None:
        return ("recorded", purchase.project.pk)
    return ("planned", purchase.planned.data.number)
