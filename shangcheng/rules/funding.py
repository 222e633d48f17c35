"""The funding floor: G2 (§6(2)).

区、街道每年购买街道社会工作站服务项目经费不得低于公益创投资金的 20%. Amounts are yuan
with fen; the comparison is exact (fractions, never floats), so exactly 20 % passes and one
fen below fails.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from .i18n import _
from .params import DEFAULT_PARAMS, DistrictParams
from .types import Finding, violation

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
    """G2 (§6(2)): purchases are at least 20 % of the venture fund (exactly 20 % passes)."""
    venture_fund = _money(venture_fund, "venture_fund")
    purchases = _money(purchases, "purchases")
    return Fraction(purchases) >= Fraction(venture_fund) * Fraction(params.funding_floor)


def _share(venture_fund: Decimal, purchases: Decimal) -> Decimal:
    # Truncate so a share just under the floor never prints as the floor itself.
    return (purchases * 100 / venture_fund).quantize(_FEN, rounding=ROUND_DOWN)


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
                "{venture} 元的 {share} %，不得低于 {floor} %"
            ).format(
                scope=scope,
                year=year,
                purchases=f"{Decimal(purchases):,.2f}",
                venture=f"{Decimal(venture_fund):,.2f}",
                share=_share(venture_fund, purchases),
                floor=f"{(params.funding_floor * 100).normalize():f}",
            ),
        )
    ]
