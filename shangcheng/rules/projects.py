"""The service system: "123N" for stations, "13N" for workrooms, no admin work (§5(1)).

P1/P2 count a unit's projects of one year by category; P3 keeps the street's
administrative affairs out of the service content: the district reviewer's flag makes a
violation, a project not yet declared non-administrative is advice until reviewed (待审核).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from .i18n import _
from .types import Finding, LabelledChoice, UnitKind, advice, parse, violation


class ProjectCategory(LabelledChoice):
    """Every project category of P1 and P2 (codes shared where the document repeats)."""

    CORE = "core", "党建统领核心项目"
    BRAND_SERVICE = "brand_service", "社会工作专业服务品牌"
    BRAND_GOVERNANCE = "brand_governance", "社区治理品牌"
    CLUSTER = "cluster", "组团项目"
    OPTIONAL = "optional", "自选项目"
    CONSULTATION = "consultation", "社区协商"
    NEIGHBOUR_CULTURE = "neighbour_culture", "两邻文化"
    BACKBONE = "backbone", "骨干培养"
    LINKAGE = "linkage", "片区联动"


class CategorySpec(NamedTuple):
    label: str
    minimum: int


def _spec(category: ProjectCategory, minimum: int) -> tuple[str, CategorySpec]:
    return category.value, CategorySpec(category._label, minimum)


# P1 "123N": 1 core, 2 brands (one of each), 3 cluster, N optional.
STATION_PROJECT_CATEGORIES: Mapping[str, CategorySpec] = dict(
    [
        _spec(ProjectCategory.CORE, 1),
        _spec(ProjectCategory.BRAND_SERVICE, 1),
        _spec(ProjectCategory.BRAND_GOVERNANCE, 1),
        _spec(ProjectCategory.CLUSTER, 3),
        _spec(ProjectCategory.OPTIONAL, 0),
    ]
)
# P2 "13N": 1 service brand, 3 governance projects (one of each), N linkage.
WORKROOM_PROJECT_CATEGORIES: Mapping[str, CategorySpec] = dict(
    [
        _spec(ProjectCategory.BRAND_SERVICE, 1),
        _spec(ProjectCategory.CONSULTATION, 1),
        _spec(ProjectCategory.NEIGHBOUR_CULTURE, 1),
        _spec(ProjectCategory.BACKBONE, 1),
        _spec(ProjectCategory.LINKAGE, 0),
    ]
)


@dataclass(frozen=True)
class ProjectSummary:
    """One project of a unit in a year, as the P1–P3 checks see it."""

    category: str
    declared_non_administrative: bool
    flagged_administrative: bool
    name: str = ""
    stage: str = ""  # C1 stage code (ProjectStage); only L2 reads it


def project_categories(unit_kind: str) -> Mapping[str, CategorySpec]:
    """The categories (with minimum counts) that a station or a workroom uses."""
    kind = parse(UnitKind, unit_kind, "unit kind")
    return STATION_PROJECT_CATEGORIES if kind is UnitKind.STATION else WORKROOM_PROJECT_CATEGORIES


def check_projects(unit_kind: str, projects: Iterable[ProjectSummary]) -> list[Finding]:
    """P1/P2 (§5(1)) counts per category and P3 (§5(1)) no administrative affairs."""
    categories = project_categories(unit_kind)
    rule_id = "P1" if unit_kind == UnitKind.STATION else "P2"
    projects = list(projects)
    for project in projects:
        if project.category not in categories:
            raise ValueError(f"category {project.category!r} is not one of a {unit_kind}'s")
    have = Counter(project.category for project in projects)
    findings = [
        violation(
            rule_id,
            _("{category}现有 {have} 个，需不少于 {need} 个").format(
                category=_(spec.label), have=have[code], need=spec.minimum
            ),
        )
        for code, spec in categories.items()
        if have[code] < spec.minimum
    ]
    return findings + [finding for p in projects for finding in _administrative(p)]


# L2 "一站一品牌、一室一特色": the categories that make a unit's brand (or feature).
_BRAND_CATEGORIES = {
    UnitKind.STATION: frozenset({ProjectCategory.BRAND_SERVICE, ProjectCategory.BRAND_GOVERNANCE}),
    UnitKind.WORKROOM: frozenset({ProjectCategory.BRAND_SERVICE}),
}
_SUSTAINED = "sustained"  # cases.ProjectStage.SUSTAINED, the last stage of C1


def check_brand(unit_kind: str, projects: Iterable[ProjectSummary]) -> list[Finding]:
    """L2 (§3(1), advice): a brand is formed when one of the unit's brand projects of the
    year runs long-term (长效开展, the last C1 stage). A unit with brand projects none of which
    has got there is advised; a unit with none is P1/P2's finding, not repeated here."""
    kind = parse(UnitKind, unit_kind, "unit kind")
    brands = [p for p in projects if p.category in _BRAND_CATEGORIES[kind]]
    if not brands or any(p.stage == _SUSTAINED for p in brands):
        return []
    motto = _("一站一品牌") if kind is UnitKind.STATION else _("一室一特色")
    return [
        advice(
            "L2",
            _("“{motto}”：品牌项目{names}尚未进入长效开展阶段，品牌尚未形成").format(
                motto=motto, names="、".join(f"“{p.name}”" for p in brands)
            ),
        )
    ]


def _administrative(project: ProjectSummary) -> list[Finding]:
    """P3: a project the district reviewer flags as administrative is a violation; one not
    yet declared non-administrative is advice (待审核). The flag outranks the declaration."""
    if project.flagged_administrative:
        return [
            violation(
                "P3",
                _("项目“{name}”经审核属于街道行政性事务，不得列入服务内容").format(
                    name=project.name
                ),
            )
        ]
    if not project.declared_non_administrative:
        return [
            advice(
                "P3",
                _("项目“{name}”尚未声明不属于街道行政性事务，待审核").format(name=project.name),
            )
        ]
    return []
