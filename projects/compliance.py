"""Where the ORM meets the project and funding rules.

For the day asked about: P1/P2, P3 and L2 for the projects a unit runs in that day's year;
G6 for a demonstration site standing in that year without its budget line; C2/C3 for the
case studies of the last finished year and G2 for its funding (the current year's quota and
purchases are still open), G2 shown on the street's station. A fixed number of queries
whatever the number of units.

``funding_status`` is the G2 page's and the findings' one reading of a year's funding.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from shangcheng import rules
from stations.models import Recognition, Street

from .models import CaseStudy, Funding, Project, Purchase, SiteBudget

FEN = Decimal("0.01")


def _running(ids, year: int):
    return Project.objects.filter(unit_id__in=ids, first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year)
    )


def _site_budget_findings(units, year: int) -> dict[int, list[rules.Finding]]:
    """G6: two queries, the recognitions of the units and their budget lines of ``year``."""
    ids = [unit.pk for unit in units]
    recognitions = defaultdict(list)
    for unit_id, recognised, revoked_on in Recognition.objects.filter(
        unit_id__in=ids, year__lte=year
    ).values_list("unit_id", "year", "revoked_on"):
        recognitions[unit_id].append(rules.SiteRecognition(recognised, revoked_on))
    if not recognitions:
        return {}
    budgeted = set(
        SiteBudget.objects.filter(unit_id__in=list(recognitions), year=year).values_list(
            "unit_id", flat=True
        )
    )
    return {
        unit.pk: rules.check_site_budgets(
            year,
            [
                rules.SiteBudget(
                    unit.name,
                    tuple(recognitions[unit.pk]),
                    frozenset({year}) if unit.pk in budgeted else frozenset(),
                )
            ],
        )
        for unit in units
        if unit.pk in recognitions
    }


def project_findings(units, on: date) -> dict[int, list[rules.Finding]]:
    units = list(units)
    ids = [unit.pk for unit in units]
    by_unit = defaultdict(list)
    for project in _running(ids, on.year).only(
        "unit_id",
        "name",
        "category",
        "stage",
        "declared_non_administrative",
        "flagged_administrative",
    ):
        by_unit[project.unit_id].append(project.summary())
    finished = on.year - 1
    cases = Counter(
        dict(
            CaseStudy.objects.filter(unit_id__in=ids, year=finished)
            .values_list("unit_id")
            .annotate(n=Count("pk"))
        )
    )
    sites = _site_budgets_in_force(units, on.year)
    funding = {}
    if finished >= rules.IN_FORCE.year:
        station_streets = {u.street_id for u in units if u.kind == rules.UnitKind.STATION}
        if station_streets:
            streets = Street.objects.filter(pk__in=station_streets)
            funding = {s.street.pk: s.findings for s in funding_status(finished, streets)}
    result = {}
    for unit in units:
        found = rules.check_projects(unit.kind, by_unit[unit.pk])
        found += rules.check_brand(unit.kind, by_unit[unit.pk])
        found += sites.get(unit.pk, [])
        if finished >= rules.IN_FORCE.year:
            found += rules.check_case_studies(unit.kind, cases[unit.pk], finished)
            if unit.kind == rules.UnitKind.STATION:
                found += funding.get(unit.street_id, [])
        result[unit.pk] = found
    return result


def _site_budgets_in_force(units, year: int):
    """G6 only for years the document was in force in (E0)."""
    if year < rules.IN_FORCE.year:
        return {}
    return _site_budget_findings(units, year)


@dataclass(frozen=True)
class FundingStatus:
    """G2 of one scope (a street, or the district when ``street`` is None) in a year."""

    year: int
    street: Street | None
    funding: Funding | None  # None: not recorded
    purchases: Decimal
    findings: list

    @property
    def scope(self) -> str:
        return self.street.name if self.street else _("the district")

    @property
    def venture_fund(self) -> Decimal | None:
        return self.funding.venture_fund if self.funding else None

    @property
    def required(self) -> Decimal | None:
        """The floor in yuan, rounded up to the fen (paying it meets the floor)."""
        if self.funding is None:
            return None
        return rules.funding_floor_amount(self.venture_fund)

    @property
    def share(self) -> Decimal | None:
        """Purchases as a percentage of the venture fund, truncated to 0.01 (so a share just
        under the floor never shows as the floor); None without a fund."""
        if not self.venture_fund:
            return None
        return rules.funding_share(self.venture_fund, self.purchases)

    @property
    def shortfall(self) -> Decimal:
        """What is missing to the floor, exact to the fen (0 when met)."""
        if self.funding is None:
            return Decimal("0.00")
        return rules.funding_shortfall(self.venture_fund, self.purchases)

    @property
    def met(self) -> bool | None:
        if self.funding is None:
            return None
        return rules.meets_funding_floor(self.venture_fund, self.purchases)


def funding_status(year: int, streets, *, district: bool = False) -> list[FundingStatus]:
    """G2 for ``streets`` (and first the district's own fund when ``district``) in ``year``:
    two queries whatever the number of streets. A scope without a recorded fund has the
    advice to record it (``funding_not_recorded``)."""
    streets = list(streets)
    fundings = Funding.objects.filter(year=year).filter(
        Q(street__in=streets) | Q(street__isnull=True) if district else Q(street__in=streets)
    )
    by_street = {f.street_id: f for f in fundings}
    totals = dict(
        Purchase.objects.filter(funding__in=[f.pk for f in by_street.values()])
        .values_list("funding_id")
        .annotate(total=Sum("amount"))
    )
    scopes = ([None] if district else []) + streets
    result = []
    for street in scopes:
        funding = by_street.get(street.pk if street else None)
        # SQLite sums decimals as floats' text: back to the fen, exact for amounts in fen.
        total = totals.get(funding.pk) if funding else None
        purchases = Decimal(total or 0).quantize(FEN)
        name = street.name if street else str(_("the district"))
        if funding is None:
            findings = rules.funding_not_recorded(name, year)
        else:
            findings = rules.check_funding_floor(name, year, funding.venture_fund, purchases)
        result.append(FundingStatus(year, street, funding, purchases, findings))
    return result
