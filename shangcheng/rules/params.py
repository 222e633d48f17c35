"""District parameters and the §2 targets, as data with the document's defaults.

The document fixes some numbers (the 20 % funding floor, the target counts) and leaves
others to the district (fee rate, appraisal weights and grade thresholds). Both live here
as plain data the district can override: the app stores its own ``DistrictParams`` and
target table and passes them in; the defaults below are what POLICY.md states.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

from .types import LabelledChoice


class Dimension(LabelledChoice):
    """V4: the four dimensions of a supervisor's annual appraisal."""

    ABILITY = "ability", "履职能力"
    QUALITY = "quality", "专业素质"
    RESULTS = "results", "工作实绩"
    CONDUCT = "conduct", "作风表现"


def _default_weights() -> Mapping[str, Decimal | int]:
    # POLICY.md §5(2) district parameters: 25 each, total 100.
    return {dimension.value: 25 for dimension in Dimension}


@dataclass(frozen=True)
class DistrictParams:
    """District-editable numbers, defaults from POLICY.md (§5(2), §6(2))."""

    monthly_fee: Decimal | None = None  # V5: no default, the district enters it
    weights: Mapping[str, Decimal | int] = field(default_factory=_default_weights)
    excellent: Decimal | int = 90
    qualified: Decimal | int = 75
    basic: Decimal | int = 60
    funding_floor: Decimal = Decimal("0.20")  # G2
    engagement_min_years: int = 3  # V2
    agreement_max_years: int = 1  # V3

    def __post_init__(self) -> None:
        # Freeze the weights so a shared default cannot be edited behind everyone's back.
        object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))
        self._check_weights()
        if not 0 <= self.basic <= self.qualified <= self.excellent <= 100:
            raise ValueError("thresholds must satisfy 0 ≤ basic ≤ qualified ≤ excellent ≤ 100")
        if not 0 <= self.funding_floor <= 1:
            raise ValueError("funding_floor is a share between 0 and 1")
        if self.monthly_fee is not None and self.monthly_fee < 0:
            raise ValueError("monthly_fee cannot be negative")
        if self.engagement_min_years < 0 or self.agreement_max_years < 1:
            raise ValueError("engagement_min_years ≥ 0 and agreement_max_years ≥ 1")

    def _check_weights(self) -> None:
        expected = {dimension.value for dimension in Dimension}
        if set(self.weights) != expected:
            raise ValueError(f"weights must name exactly {sorted(expected)}")
        if any(weight < 0 for weight in self.weights.values()):
            raise ValueError("weights cannot be negative")
        if sum(self.weights.values()) != 100:
            raise ValueError("weights must total 100")


DEFAULT_PARAMS = DistrictParams()

ALL: Literal["all"] = "all"  # a target of "every community": 全覆盖 (T2)
SHARE: Literal["share"] = "share"  # no number: report the count and its share of the base (T4)
# None: report the count, no floor (T6 "一批").
TargetValue = int | Literal["all", "share"] | None

# §2: cumulative counts as of 31 December of each target year. T4 in 2025 names no number
# (全区推广“一校一社工”或“多校一社工”): its count and share of the district's schools are
# reported, never judged.
TARGETS: Mapping[int, Mapping[str, TargetValue]] = MappingProxyType(
    {
        2022: MappingProxyType({"T1": 2, "T2": ALL, "T3": 20, "T4": 10, "T5": 10, "T6": None}),
        2023: MappingProxyType({"T1": 5, "T2": ALL, "T3": 50, "T4": 20, "T5": 20, "T6": None}),
        2025: MappingProxyType({"T1": 7, "T2": ALL, "T3": 100, "T4": SHARE, "T5": 50, "T6": None}),
    }
)

# §2: where a target year words an indicator its own way, its exact words. T5 names
# 国家、省、市级 for 2022 and 2025 but only 省、市级 for 2023 (national ones count every year).
# A year or indicator missing here uses ``targets.INDICATORS``.
TARGET_WORDS: Mapping[int, Mapping[str, str]] = MappingProxyType(
    {
        2022: MappingProxyType({"T5": "国家、省、市级社工督导"}),
        2023: MappingProxyType({"T5": "省、市级社工督导"}),
        2025: MappingProxyType({"T5": "国家、省、市级社工督导"}),
    }
)
