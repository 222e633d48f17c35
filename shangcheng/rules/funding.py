"""Funding: the floor G2 and the demonstration sites' budget lines G6 (§6(2)).

区、街道每年购买街道社会工作站服务项目经费不得低于公益创投资金的20%. Amounts are yuan
with fen; the comparison is exact (fractions, never floats), so exactly 20% passes and one
fen below fails.

将社会工作站（室）示范点的建设、运营、督导、服务所需经费纳入年度财政预算: each site that is
recognised and standing in a year has a budget line for that year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from fractions import Fraction

from .i18n import _
from .in_force import IN_FORCE, require_in_force
from .params import DEFAULT_PARAMS, DistrictParams
from .types import Finding, advice, violation

_FEN = Decimal("0.01")


def _money(amount: Decimal | int, what: str) -> Decimal:
    """Yuan with at most two decimals (fen); floats are refused, they cannot hold fen."""
    if isinstance(amount, float) or not isinstance(amount, Decimal | int):
        raise TypeError(f"{what} must be a Decimal amount in yuan, not {type(amount).__name__}")
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"{what} is not a finite amount: {amount}")
    if amount < 0:
        raise ValueError(f"{what} cannot be negative: {amount}")
    if amount != amount.quantize(_FEN):
        raise ValueError(f"{what} has a fraction of a fen: {amount}")
    return amount


def meets_funding_floor(
    venture_fund: Decimal, purchases: Decimal, params: DistrictParams = DEFAULT_PARAMS
) -> bool:
    """G2 (§6(2)): purchases are at least 20% of the venture fund (exactly 20% passes)."""
    venture_fund = _money(venture_fund, "venture_fund")
    purchases = _money(purchases, "purchases")
    return Fraction(purchases) >= Fraction(venture_fund) * Fraction(params.funding_floor)


def funding_share(venture_fund: Decimal, purchases: Decimal) -> Decimal:
    """G2: purchases as a percentage of the venture fund, truncated to 0.01 so a share just
    under the floor never shows as the floor itself. ValueError for an empty fund."""
    venture_fund = _money(venture_fund, "venture_fund")
    if not venture_fund:
        raise ValueError("the share of an empty venture fund is undefined")
    return (_money(purchases, "purchases") * 100 / venture_fund).quantize(_FEN, rounding=ROUND_DOWN)


def funding_floor_amount(venture_fund: Decimal, params: DistrictParams = DEFAULT_PARAMS) -> Decimal:
    """G2: the least purchases that meet the floor, in yuan rounded up to the fen."""
    floor = _money(venture_fund, "venture_fund") * params.funding_floor
    return floor.quantize(_FEN, rounding=ROUND_CEILING)


def funding_shortfall(
    venture_fund: Decimal, purchases: Decimal, params: DistrictParams = DEFAULT_PARAMS
) -> Decimal:
    """G2: what is missing to the floor, exact to the fen (0.00 when met)."""
    missing = funding_floor_amount(venture_fund, params) - _money(purchases, "purchases")
    return max(missing, Decimal("0.00"))


def check_funding_floor(
    scope: str,
    year: int,
    venture_fund: Decimal,
    purchases: Decimal,
    params: DistrictParams = DEFAULT_PARAMS,
) -> list[Finding]:
    """G2 (§6(2)): ``scope`` (the district or a street, by name) in ``year``."""
    if meets_funding_floor(venture_fund, purchases, params):
        return []
    return [
        violation(
            "G2",
            _(
                "{scope} {year} 年购买街道社会工作站服务项目经费 {purchases} 元，为公益创投资金 "
                "{venture} 元的 {share}%，不得低于 {floor}%"
            ).format(
                scope=scope,
                year=year,
                purchases=f"{Decimal(purchases):,.2f}",
                venture=f"{Decimal(venture_fund):,.2f}",
                share=funding_share(venture_fund, purchases),
                floor=f"{(params.funding_floor * 100).normalize():f}",
            ),
        )
    ]


def funding_not_recorded(scope: str, year: int) -> list[Finding]:
    """G2 (§6(2)): a finished year without the venture fund recorded cannot be checked;
    advice to record it (not a violation: nothing shows the floor was missed)."""
    return [
        advice(
            "G2",
            _(
                "{scope}未登记 {year} 年公益创投资金及购买街道社会工作站服务项目经费，无法核查"
            ).format(scope=scope, year=year),
        )
    ]


@dataclass(frozen=True)
class SiteRecognition:
    """One recognition of a unit as a demonstration site (示范点), at any level (G6)."""

    year: int
    revoked_on: date | None = None  # the first day it no longer stands

    def __post_init__(self) -> None:
        if self.revoked_on is not None and self.revoked_on.year < self.year:
            raise ValueError(f"recognised in {self.year}, revoked before it on {self.revoked_on}")

    def stands_in(self, year: int) -> bool:
        """Standing on at least one day of ``year`` from 2022-09-01 on (E0)."""
        first_day = max(date(year, 1, 1), IN_FORCE)
        return self.year <= year and (self.revoked_on is None or self.revoked_on > first_day)


@dataclass(frozen=True)
class SiteBudget:
    """A demonstration site's recognitions and the years its funds are in the budget (G6)."""

    site: str  # the unit's name, as the finding shows it
    recognitions: tuple[SiteRecognition, ...]
    budget_years: frozenset[int] = frozenset()  # years with a budget line for this site

    def stands_in(self, year: int) -> bool:
        return any(recognition.stands_in(year) for recognition in self.recognitions)


def check_site_budgets(year: int, sites: Iterable[SiteBudget]) -> list[Finding]:
    """G6 (§6(2)): a site recognised and standing in ``year`` without a budget line is a
    violation, one per site in the order given.

    A site stands in ``year`` when one of its recognitions (any level) is of that year or
    earlier and not revoked by the year's first day (2022-09-01 in 2022, E0). A year that
    ends before E0 is refused (ValueError).
    """
    require_in_force(date(year, 12, 31))
    return [
        violation(
            "G6",
            _("示范点“{site}”{year} 年的建设、运营、督导、服务经费未纳入年度财政预算").format(
                site=site.site, year=year
            ),
        )
        for site in sites
        if site.stands_in(year) and year not in site.budget_years
    ]
