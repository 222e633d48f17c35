"""Demo projects and case studies, as of one day (seeded from ``shangcheng/demo``).

Most stations run "123N" and most workrooms "13N" for the two years before ``as_of``; a few
miss a category (P1/P2), one project awaits its P3 declaration and one is flagged; most
units wrote last year's case studies, a few fell short (C2/C3). Deterministic for one
``as_of`` (seeded generators) and idempotent (a unit with projects is left alone).
"""

import random
from datetime import date

from shangcheng import rules
from stations.models import Unit

from .models import CaseStudy, Project

STATION_NAMES = {
    "core": ["红色引擎·党建领航", "先锋聚力·党群连心", "红色管家·党建惠民"],
    "brand_service": ["银龄守护", "护苗成长", "暖心助残", "邻里帮帮团"],
    "brand_governance": ["共治议事厅", "小区治理微课堂", "楼道自治先锋"],
    "cluster": ["困境儿童关爱", "独居老人探访", "社区矫正帮扶", "新就业群体融入", "心理健康驿站"],
    "optional": ["家门口的法律顾问", "社区书香行动"],
}
WORKROOM_NAMES = {
    "brand_service": ["一老一小暖心站", "邻里互助坊", "幸福食堂陪伴"],
    "consultation": ["居民议事会", "楼道协商日"],
    "neighbour_culture": ["邻里节", "远亲不如近邻"],
    "backbone": ["社区达人培育", "志愿骨干成长营"],
    "linkage": ["片区联动服务圈"],
}
CASE_TITLES = [
    "“时间银行”激活社区互助的实践",
    "困境儿童家庭的多方协同帮扶",
    "独居老人从封闭到参与的个案",
    "老旧小区加装电梯的协商议事",
    "社区矫正对象重返社会的陪伴",
    "新就业群体融入社区的小组工作",
]


# P1 on every machine: these stations run no governance brand (two service brands instead).
STATIONS_WITHOUT_GOVERNANCE_BRAND = {"四季青街道", "九堡街道"}


def _key(unit: Unit) -> str:
    """A unit's stable name for its generator: division codes, never a database id."""
    return unit.community.code if unit.community_id else unit.street.code


def _rng(unit: Unit, as_of: date) -> random.Random:
    return random.Random(f"shangcheng-projects-{_key(unit)}-{as_of.year}")  # noqa: S311


def _skipped(unit: Unit, rng: random.Random, spec) -> str | None:
    """The category a unit does not run (P1/P2), if any."""
    if unit.is_station:
        gap = unit.street.name in STATIONS_WITHOUT_GOVERNANCE_BRAND
        return rules.ProjectCategory.BRAND_GOVERNANCE if gap else None
    if rng.random() < 0.12:
        return rng.choice([c for c, s in spec.items() if s.minimum])
    return None


def _projects(unit: Unit, rng: random.Random, first_year: int) -> list[Project]:
    names = STATION_NAMES if unit.is_station else WORKROOM_NAMES
    spec = rules.project_categories(unit.kind)
    skipped = _skipped(unit, rng, spec)
    projects = []
    for category, s in spec.items():
        count = max(s.minimum, 1 if rng.random() < 0.4 else 0)
        if category == skipped:
            count = 0
        if category == rules.ProjectCategory.BRAND_SERVICE and skipped == "brand_governance":
            count = 2  # two service brands do not make up for the governance brand
        for i in range(count):
            title = names[category][(rng.randrange(100) + i) % len(names[category])]
            projects.append(
                Project(
                    unit=unit,
                    name=f"{title}{'' if i == 0 else f'（{i + 1}）'}",
                    category=category,
                    first_year=first_year,
                    stage=rng.choice(list(rules.ProjectStage)),
                    declared_non_administrative=rng.random() > 0.02,  # P3 advice
                    flagged_administrative=rng.random() < 0.005,  # P3 violation
                )
            )
    return projects


def _cases(unit: Unit, rng: random.Random, year: int) -> list[CaseStudy]:
    quota = rules.case_quota(unit.kind)
    written = quota if rng.random() > 0.15 else quota - 1  # a few short (C2/C3)
    return [
        CaseStudy(
            unit=unit,
            year=year,
            title=CASE_TITLES[(rng.randrange(100) + i) % len(CASE_TITLES)],
            field="社区服务",
        )
        for i in range(written)
    ]


def seed(*, as_of: date) -> dict:
    done = set(Project.objects.values_list("unit_id", flat=True).distinct())
    projects, cases = [], []
    units = Unit.objects.exclude(pk__in=done).select_related("street", "community")
    for unit in units.order_by("street__code", "kind", "community__code"):
        rng = _rng(unit, as_of)
        projects += _projects(unit, rng, first_year=as_of.year - 1)
        cases += _cases(unit, rng, as_of.year - 1)
    Project.objects.bulk_create(projects)
    CaseStudy.objects.bulk_create(cases)
    return {"projects": len(projects), "case_studies": len(cases)}
