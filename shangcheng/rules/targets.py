"""District targets and progress toward them: T1–T6 (§2).

Counts are cumulative as of 31 December of ``year``. A year between target years measures
progress against the next target year (2024 against 2025); a year after the last target
year against the last. The table is data (``params.TARGETS``), so a later document can add
years without code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import astuple, dataclass
from decimal import ROUND_DOWN, Decimal

from .i18n import _
from .params import ALL, TARGETS, TargetValue
from .types import Finding, LabelledChoice, advice, non_negative, violation

INDICATORS: Mapping[str, str] = {
    "T1": "省、市级街道社会工作站示范点",
    "T2": "建有社区社会工作室的社区",
    "T3": "社区社会工作室示范点",
    "T4": "驻校社工服务落地学校",
    "T5": "国家、省、市级社工督导",
    "T6": "社会工作专业服务品牌项目",
}

# Which count measures each indicator, and which count "every …" (ALL) refers to.
_SOURCES: Mapping[str, tuple[str, str | None]] = {
    "T1": ("demo_stations", None),
    "T2": ("communities_with_workroom", "communities"),
    "T3": ("demo_workrooms", None),
    "T4": ("schools_served", "schools"),
    "T5": ("supervisors_municipal_plus", None),
    "T6": ("brand_projects", None),
}


class TargetStatus(LabelledChoice):
    MET = "met", "已达标"
    BEHIND = "behind", "未达标"
    REPORT = "report", "仅报告数量"


@dataclass(frozen=True)
class TargetCounts:
    """District-wide counts as of 31 December of ``year``."""

    year: int
    demo_stations: int  # T1: municipal-or-higher demonstration stations
    communities: int  # T2: all communities, the base of "全覆盖"
    communities_with_workroom: int  # T2
    demo_workrooms: int  # T3
    schools: int  # T4 in 2025: every school
    schools_served: int  # T4
    supervisors_municipal_plus: int  # T5
    brand_projects: int  # T6

    def __post_init__(self) -> None:
        for value in astuple(self)[1:]:
            non_negative(value, "a target count")


@dataclass(frozen=True)
class TargetProgress:
    """Where one indicator stands against one target year."""

    rule: str
    indicator: str
    target_year: int
    target: int | None  # None: report the count, no floor (T6)
    value: int
    percent: Decimal | None  # value ÷ target, in %, truncated to 0.01; not capped at 100
    status: str


def target_year_for(
    year: int,
    targets: Mapping[int, Mapping[str, TargetValue]] = TARGETS,
) -> int:
    """§2: the target year ``year`` is measured against; ValueError before the first."""
    years = sorted(targets)
    if year < years[0]:
        raise ValueError(f"the targets start in {years[0]}; {year} has none")
    return next((target_year for target_year in years if target_year >= year), years[-1])


def _progress(
    counts: TargetCounts,
    rule_id: str,
    target: TargetValue,
    target_year: int,
) -> TargetProgress:
    field, base = _SOURCES[rule_id]
    value = getattr(counts, field)
    if target == ALL:
        if base is None:
            raise ValueError(f"{rule_id} has no 'every …' base for a target of {ALL!r}")
        target = getattr(counts, base)
    if target is None:
        percent, status = None, TargetStatus.REPORT
    else:
        percent = _percent(value, target)
        status = TargetStatus.MET if value >= target else TargetStatus.BEHIND
    return TargetProgress(
        rule_id, _(INDICATORS[rule_id]), target_year, target, value, percent, status
    )


def _percent(value: int, target: int) -> Decimal:
    if target == 0:
        return Decimal(100)  # nothing to reach: "every school" of none is met
    # Truncate so 99.999 % never shows as 100 % while behind.
    return (Decimal(value) * 100 / target).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def target_progress(
    counts: TargetCounts,
    targets: Mapping[int, Mapping[str, TargetValue]] = TARGETS,
) -> list[TargetProgress]:
    """T1–T6 (§2): each indicator of the year's target table, with its status."""
    target_year = target_year_for(counts.year, targets)
    return [
        _progress(counts, rule_id, target, target_year)
        for rule_id, target in targets[target_year].items()
    ]


def check_targets(
    counts: TargetCounts,
    targets: Mapping[int, Mapping[str, TargetValue]] = TARGETS,
) -> list[Finding]:
    """T1–T5 (§2): a violation for a target whose year has come, advice for one ahead.

    A target year that has passed still binds (counts are cumulative, and T2 is a
    standing requirement): in 2024, missing the 2023 target is a violation, while only
    missing the 2025 target is advice.
    """
    progress = target_progress(counts, targets)  # raises for a year before the targets
    due_year = max(year for year in targets if year <= counts.year)
    findings = []
    for ahead in progress:
        due_target = targets[due_year].get(ahead.rule)
        due = None if due_target is None else _progress(counts, ahead.rule, due_target, due_year)
        if due is not None and due.status == TargetStatus.BEHIND:
            findings.append(violation(due.rule, _target_message(due)))
        elif ahead.status == TargetStatus.BEHIND:
            findings.append(advice(ahead.rule, _target_message(ahead)))
    return findings


def _target_message(progress: TargetProgress) -> str:
    return _("{indicator}现为 {value}，{year} 年底目标不少于 {target}（完成 {percent} %）").format(
        indicator=progress.indicator,
        value=progress.value,
        year=progress.target_year,
        target=progress.target,
        percent=progress.percent,
    )
