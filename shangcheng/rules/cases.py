"""The project cycle (C1) and the yearly featured case studies (C2, C3), §5(4)."""

from __future__ import annotations

from .i18n import _
from .types import Finding, LabelledChoice, UnitKind, non_negative, parse, violation


class ProjectStage(LabelledChoice):
    """C1: the full cycle a project goes through, in order."""

    RESEARCH = "research", "调研"
    PLANNING = "planning", "策划"
    IMPLEMENTATION = "implementation", "实施"
    EVALUATION = "evaluation", "评估"
    SUSTAINED = "sustained", "长效开展"


_STAGES = list(ProjectStage)


def next_stage(stage: str) -> ProjectStage | None:
    """C1 (§5(4)): the stage that follows ``stage``; None after 长效开展."""
    index = _STAGES.index(parse(ProjectStage, stage, "project stage"))
    return _STAGES[index + 1] if index + 1 < len(_STAGES) else None


_QUOTAS = {UnitKind.STATION: 2, UnitKind.WORKROOM: 1}


def case_quota(unit_kind: str) -> int:
    """C2/C3 (§5(4)): featured case studies a year, 2 per station, 1 per workroom."""
    return _QUOTAS[parse(UnitKind, unit_kind, "unit kind")]


def check_case_studies(unit_kind: str, count: int, year: int) -> list[Finding]:
    """C2 (station) / C3 (workroom), §5(4): at least the quota of case studies in ``year``."""
    quota = case_quota(unit_kind)
    if non_negative(count, "count") >= quota:
        return []
    rule_id = "C2" if unit_kind == UnitKind.STATION else "C3"
    return [
        violation(
            rule_id,
            _("{year} 年撰写专业服务特色案例 {count} 个，{unit}每年应不少于 {quota} 个").format(
                year=year, count=count, unit=UnitKind(unit_kind).label, quota=quota
            ),
        )
    ]
