"""District targets and progress toward them: T1–T6 (§2).

Counts are cumulative as of a day (31 December of ``year`` unless the counts say otherwise).
A year between target years measures progress against the next target year (2024 against
2025); a year after the last target year against the last. The table is data
(``params.TARGETS``), so a later document can add years without code.

A target falls due on 31 December of its year: before that it is in progress (进行中), from
that day on 达标 or 未达标. The targets are the district's goals (争创 / 打造), not a street's
breach, so a missed one is never a violation: ``check_targets`` gives **advice** for a target
missed at its due date (未达标) and **info** for one in progress and not yet reached (进行中).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_DOWN, Decimal

from .i18n import _
from .in_force import require_in_force
from .params import ALL, SHARE, TARGET_WORDS, TARGETS, TargetValue
from .types import Finding, LabelledChoice, advice, info, non_negative, parse

INDICATORS: Mapping[str, str] = {
    "T1": "省、市级街道社会工作站示范点",
    "T2": "建有社区社会工作室的社区",
    "T3": "社区社会工作室示范点",
    "T4": "驻校社工服务落地学校",
    "T5": "国家、省、市级社工督导",
    "T6": "社会工作专业服务品牌项目",
}

# What each count is counted in: 个 sites, communities and projects, 所 schools, 人 people.
TARGET_UNITS: Mapping[str, str] = {
    "T1": "个",
    "T2": "个",
    "T3": "个",
    "T4": "所",
    "T5": "人",
    "T6": "个",
}

# Which count measures each indicator, and which count "every …" / "share of …" refers to.
_SOURCES: Mapping[str, tuple[str, str | None]] = {
    "T1": ("demo_stations", None),
    "T2": ("communities_with_workroom", "communities"),
    "T3": ("demo_workrooms", None),
    "T4": ("schools_served", "schools"),
    "T5": ("supervisors_municipal_plus", None),
    "T6": ("brand_projects", None),
}


class RecognitionLevel(LabelledChoice):
    """The level a demonstration site (示范点) is recognised at, lowest first (T1, T3, G6).

    Members are strings, so ``<`` would compare them alphabetically: compare with
    ``at_least`` (or ``rank``), which follow 区级 < 市级 < 省级 < 国家级.
    """

    DISTRICT = "district", "区级"
    MUNICIPAL = "municipal", "市级"
    PROVINCIAL = "provincial", "省级"
    NATIONAL = "national", "国家级"

    @property
    def rank(self) -> int:
        """0 for 区级 up to 3 for 国家级."""
        return list(type(self)).index(self)

    def at_least(self, minimum: str) -> bool:
        """This level is ``minimum`` or higher; ValueError for an unknown ``minimum``."""
        return self.rank >= parse(RecognitionLevel, minimum, "recognition level").rank

    @classmethod
    def at_or_above(cls, minimum: str) -> tuple[RecognitionLevel, ...]:
        """Every level from ``minimum`` up, e.g. for ``level__in=`` in a count."""
        return tuple(level for level in cls if level.at_least(minimum))


# T1 争创省、市级 (a national site counts too); T3 打造, no level named, so 区级 and up.
T1_MIN_LEVEL = RecognitionLevel.MUNICIPAL
T3_MIN_LEVEL = RecognitionLevel.DISTRICT


def _level(level: str) -> RecognitionLevel:
    return parse(RecognitionLevel, level, "recognition level")


def counts_for_t1(level: str) -> bool:
    """T1 (§2): a station recognised at ``level`` counts when municipal or higher."""
    return _level(level).at_least(T1_MIN_LEVEL)


def counts_for_t3(level: str) -> bool:
    """T3 (§2): a workroom recognised at ``level`` counts when district or higher."""
    return _level(level).at_least(T3_MIN_LEVEL)


class TargetStatus(LabelledChoice):
    MET = "met", "达标"
    BEHIND = "behind", "未达标"
    IN_PROGRESS = "in_progress", "进行中"
    REPORT = "report", "仅报告数量"


class TargetKind(LabelledChoice):
    """How a target year states an indicator."""

    FLOOR = "floor", "不少于"  # a number (T1, T3, T4 to 2023, T5)
    COVERAGE = "coverage", "全覆盖"  # every one of the base (T2)
    SHARE = "share", "全区推广"  # no number: count and share of the base (T4 in 2025)
    COUNT = "count", "仅报告数量"  # no number, no base (T6 一批)


@dataclass(frozen=True)
class TargetCounts:
    """District-wide counts as of ``on`` (31 December of ``year`` when not given)."""

    year: int
    demo_stations: int  # T1: stations recognised at municipal level or above
    communities: int  # T2: all communities, the base of "全覆盖"
    communities_with_workroom: int  # T2
    demo_workrooms: int  # T3: workrooms recognised at district level or above
    schools: int  # T4 in 2025: the district's schools, the base of the share
    schools_served: int  # T4: each school once, whether a unit or a social worker serves it
    supervisors_municipal_plus: int  # T5: municipal, provincial and national, every year
    brand_projects: int  # T6
    on: date | None = None  # the day counted; None: 31 December of ``year``

    def __post_init__(self) -> None:
        for item in fields(self):
            if item.name not in ("year", "on"):
                non_negative(getattr(self, item.name), "a target count")
        if self.on is not None and self.on.year != self.year:
            raise ValueError(f"counts of {self.year} cannot be taken on {self.on}")

    @property
    def counted_on(self) -> date:
        return self.on or date(self.year, 12, 31)


@dataclass(frozen=True)
class TargetProgress:
    """Where one indicator stands against one target year."""

    rule: str
    indicator: str  # in the target year's own words (T5)
    target_year: int
    target: int | None  # None: no number to reach (T4 in 2025, T6)
    value: int
    percent: Decimal | None  # value ÷ target (÷ base for a share), in %, truncated to 0.01
    status: str
    unit: str = "个"
    kind: str = TargetKind.FLOOR
    base: int | None = None  # every community (T2) / every school (T4), where there is one

    @property
    def due_on(self) -> date:
        """§2: a target falls due on 31 December of its year."""
        return target_due_on(self.target_year)

    @property
    def text(self) -> str:
        """The count with its unit against the target, in Chinese, without the status."""
        if self.kind == TargetKind.FLOOR:
            text = _(
                "{indicator}现有 {value} {unit}，{year} 年底目标不少于 {target} {unit}"
                "（完成 {percent}%）"
            )
        elif self.kind == TargetKind.COVERAGE:
            text = _("{indicator}现有 {value} {unit}，{year} 年底目标全覆盖（{value}/{base}）")
        elif self.kind == TargetKind.SHARE and self.percent is not None:
            text = _(
                "{indicator}现有 {value} {unit}，占全区 {base} {unit}的 {percent}%，"
                "{year} 年底目标全区推广"
            )
        elif self.kind == TargetKind.SHARE:
            text = _("{indicator}现有 {value} {unit}，{year} 年底目标全区推广")
        else:
            text = _("{indicator}现有 {value} {unit}，{year} 年底目标不设数量，仅报告")
        return text.format(
            indicator=self.indicator,
            value=self.value,
            unit=_(self.unit),
            year=self.target_year,
            target=self.target,
            base=self.base,
            percent=self.percent,
        )


def target_due_on(target_year: int) -> date:
    """§2: the day a target year's targets fall due, 31 December of that year."""
    return date(target_year, 12, 31)


def target_indicator(
    rule_id: str, target_year: int, words: Mapping[int, Mapping[str, str]] = TARGET_WORDS
) -> str:
    """The indicator of ``rule_id`` in ``target_year``'s own words (T5: 2023 says 省、市级)."""
    return _(words.get(target_year, {}).get(rule_id, INDICATORS[rule_id]))


def target_year_for(
    year: int,
    targets: Mapping[int, Mapping[str, TargetValue]] = TARGETS,
) -> int:
    """§2: the target year ``year`` is measured against; ValueError before the first."""
    years = sorted(targets)
    if year < years[0]:
        raise ValueError(f"the targets start in {years[0]}; {year} has none")
    return next((target_year for target_year in years if target_year >= year), years[-1])


def _kind(rule_id: str, target: TargetValue) -> TargetKind:
    if target is None:
        return TargetKind.COUNT
    if target not in (ALL, SHARE):
        return TargetKind.FLOOR
    if _SOURCES[rule_id][1] is None:
        raise ValueError(f"{rule_id} has no 'every …' base for a target of {target!r}")
    return TargetKind.COVERAGE if target == ALL else TargetKind.SHARE


def _progress(
    counts: TargetCounts,
    rule_id: str,
    target: TargetValue,
    target_year: int,
    words: Mapping[int, Mapping[str, str]],
) -> TargetProgress:
    field, base_field = _SOURCES[rule_id]
    value = getattr(counts, field)
    kind = _kind(rule_id, target)
    base = None if base_field is None else getattr(counts, base_field)
    if kind == TargetKind.COVERAGE:
        target = base
    if kind in (TargetKind.COUNT, TargetKind.SHARE):
        target = None
        percent = _percent(value, base) if kind == TargetKind.SHARE and base else None
        status = TargetStatus.REPORT
    else:
        percent = _percent(value, target) if target else Decimal(100)  # every one of none is met
        status = _status(value >= target, counts.counted_on, target_year)
    return TargetProgress(
        rule=rule_id,
        indicator=target_indicator(rule_id, target_year, words),
        target_year=target_year,
        target=target,
        value=value,
        percent=percent,
        status=status,
        unit=TARGET_UNITS[rule_id],
        kind=kind,
        base=base if kind in (TargetKind.COVERAGE, TargetKind.SHARE) else None,
    )


def _status(reached: bool, on: date, target_year: int) -> TargetStatus:
    if on < target_due_on(target_year):
        return TargetStatus.IN_PROGRESS
    return TargetStatus.MET if reached else TargetStatus.BEHIND


def _percent(value: int, whole: int) -> Decimal:
    # Truncate so 99.999 % never shows as 100 % while behind; not capped at 100.
    return (Decimal(value) * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def target_progress(
    counts: TargetCounts,
    targets: Mapping[int, Mapping[str, TargetValue]] = TARGETS,
    words: Mapping[int, Mapping[str, str]] = TARGET_WORDS,
) -> list[TargetProgress]:
    """T1–T6 (§2): each indicator of the year's target table, with its status.

    E0: counts taken before 2022-09-01 are refused (ValueError, Chinese message).
    """
    require_in_force(counts.counted_on)
    target_year = target_year_for(counts.year, targets)
    return [
        _progress(counts, rule_id, target, target_year, words)
        for rule_id, target in targets[target_year].items()
    ]


def check_targets(
    counts: TargetCounts,
    targets: Mapping[int, Mapping[str, TargetValue]] = TARGETS,
    words: Mapping[int, Mapping[str, str]] = TARGET_WORDS,
) -> list[Finding]:
    """T1–T5 (§2): advice for a target missed at its due date, info for one in progress.

    A target that fell due still binds (counts are cumulative, and T2 is a standing
    requirement): in 2024, missing the 2023 target reads 未达标, while only trailing the
    2025 target reads 进行中. Never a violation; a target with no number (T4 in 2025, T6) is
    reported by ``target_progress`` and gives no finding.
    """
    progress = target_progress(counts, targets, words)  # refuses a date before E0 or the targets
    due_years = [year for year in targets if target_due_on(year) <= counts.counted_on]
    due_year = max(due_years, default=None)
    findings = []
    for ahead in progress:
        due_target = None if due_year is None else targets[due_year].get(ahead.rule)
        due = None
        if due_target is not None:
            due = _progress(counts, ahead.rule, due_target, due_year, words)
        if due is not None and due.status == TargetStatus.BEHIND:
            findings.append(advice(due.rule, _status_message(due)))
        elif ahead.status == TargetStatus.IN_PROGRESS and ahead.value < ahead.target:
            findings.append(info(ahead.rule, _status_message(ahead)))
    return findings


def _status_message(progress: TargetProgress) -> str:
    # Punctuation only: nothing to translate.
    return f"{progress.text}，{TargetStatus(progress.status).label}"
