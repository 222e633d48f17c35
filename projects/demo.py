"""Demo projects, case studies, funding, site budgets, awards and practice bases, as of one
day (seeded from ``shangcheng/demo``).

Most stations run "123N" and most workrooms "13N" for the two years before ``as_of``, each
project with the C1 stages it reached and their evidence; a few miss a category (P1/P2), a
few projects await their P3 declaration and one is flagged; a few brands have not reached
长效开展 (L2); most units wrote last year's case studies, a few fell short (C2/C3); every
street and the district recorded both years' venture fund with purchases of station
projects, one street fell short of 20% last year and one did not record it (G2); every
demonstration site has its budget line but one (G6). Deterministic for one ``as_of`` (seeded
generators) and idempotent (a unit with projects, a year with funding is left alone).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from shangcheng import rules
from stations.models import Recognition, Street, Unit
from stations.models.closing import ensure_records_open

from .models import (
    Award,
    CaseStudy,
    Funding,
    PracticeBase,
    Project,
    Purchase,
    SiteBudget,
    StageRecord,
)

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
    "失独老人哀伤辅导的个案工作",
    "“小候鸟”暑期托管的社区支持",
    "残障青年就业支持的增能实践",
    "流动儿童家庭教育的小组介入",
]
CASE_FIELDS = ["为老服务", "儿童关爱", "社区治理", "社会救助", "残障服务", "心理健康"]
EVIDENCE = {
    "research": "需求调研报告",
    "planning": "项目策划书及评审意见",
    "implementation": "服务记录与活动台账",
    "evaluation": "第三方评估报告",
    "sustained": "长效运行机制文件",
}
UNIVERSITIES = ["浙江工业大学", "浙江大学", "杭州师范大学", "浙江树人学院", "浙江财经大学"]
AWARDS = [
    ("上城区社会工作大比武优秀服务项目", "district"),
    ("杭州市优秀社会工作服务项目", "municipal"),
    ("上城区优秀社会工作案例", "district"),
]

# P1 on every machine: these stations run no governance brand (two service brands instead).
STATIONS_WITHOUT_GOVERNANCE_BRAND = {"四季青街道", "九堡街道"}
# C2: this station wrote one featured case study last year, not two.
STATION_SHORT_OF_CASES = "笕桥街道"
# P3 violation: this station's optional project was flagged administrative by the district.
STATION_WITH_FLAGGED_PROJECT = "凯旋街道"
# L2: this station's brands are still being evaluated (none runs long-term yet).
STATION_BRAND_NOT_FORMED = "采荷街道"
# G2: last year this street bought one fen less than 20%; that one did not record its fund.
STREET_SHORT_OF_FLOOR = "闸弄口街道"
STREET_WITHOUT_FUNDING = "彭埠街道"


def _bulk(model, objs) -> None:
    """Bulk insert, never into a closed year (bulk inserts pass no model guard)."""
    objs = list(objs)
    ensure_records_open(objs)
    model.objects.bulk_create(objs)


def _key(unit: Unit) -> str:
    """A unit's stable name for its generator: division codes, never a database id."""
    return unit.community.code if unit.community_id else unit.street.code


def _rng(key: str, as_of: date) -> random.Random:
    return random.Random(f"shangcheng-projects-{key}-{as_of.year}")  # noqa: S311


def _skipped(unit: Unit, rng: random.Random, spec) -> str | None:
    """The category a unit does not run (P1/P2), if any."""
    if unit.is_station:
        gap = unit.street.name in STATIONS_WITHOUT_GOVERNANCE_BRAND
        return rules.ProjectCategory.BRAND_GOVERNANCE if gap else None
    if rng.random() < 0.12:
        return rng.choice([c for c, s in spec.items() if s.minimum])
    return None


def _stage(unit: Unit, category: str, rng: random.Random) -> str:
    """Brands mostly run long-term (L2); other projects anywhere in the cycle (C1)."""
    stages = list(rules.ProjectStage)
    if category in (rules.ProjectCategory.BRAND_SERVICE, rules.ProjectCategory.BRAND_GOVERNANCE):
        if unit.is_station and unit.street.name == STATION_BRAND_NOT_FORMED:
            return rules.ProjectStage.EVALUATION
        return rules.ProjectStage.SUSTAINED if rng.random() < 0.9 else rng.choice(stages[2:4])
    return rng.choice(stages)


def _projects(unit: Unit, rng: random.Random, first_year: int) -> list[Project]:
    names = STATION_NAMES if unit.is_station else WORKROOM_NAMES
    spec = rules.project_categories(unit.kind)
    skipped = _skipped(unit, rng, spec)
    flagged = unit.is_station and unit.street.name == STATION_WITH_FLAGGED_PROJECT
    projects = []
    for category, s in spec.items():
        count = max(s.minimum, 1 if rng.random() < 0.4 else 0)
        if category == skipped:
            count = 0
        if category == rules.ProjectCategory.BRAND_SERVICE and skipped == "brand_governance":
            count = 2  # two service brands do not make up for the governance brand
        if category == rules.ProjectCategory.OPTIONAL and flagged:
            count = max(count, 1)
        start = rng.randrange(100)
        for i in range(count):
            title = names[category][(start + i) % len(names[category])]
            repeat = i // len(names[category])  # more projects than names: number them
            projects.append(
                Project(
                    unit=unit,
                    name=f"{title}（{repeat + 1}）" if repeat else title,
                    category=category,
                    first_year=first_year,
                    focus_areas=rng.sample(list(rules.FOCUS_AREAS), rng.randint(1, 2)),
                    partners="区民政局、区妇联、社会组织" if category == "cluster" else "",
                    budget=Decimal(rng.randrange(20, 300) * 1000),
                    source=rng.choice(list(Project.Source)),
                    stage=_stage(unit, category, rng),
                    declared_non_administrative=rng.random() > 0.02,  # P3 advice
                    flagged_administrative=flagged and category == "optional" and i == 0,
                )
            )
    return projects


def _stage_records(projects: list[Project], first_year: int) -> list[StageRecord]:
    """C1: each stage up to the project's own, a few months apart from its first year."""
    records = []
    order = list(rules.ProjectStage)
    for project in projects:
        day = date(first_year, 2, 15) + timedelta(days=len(project.name))
        for stage in order[: order.index(project.stage) + 1]:
            records.append(
                StageRecord(project=project, stage=stage, reached_on=day, evidence=EVIDENCE[stage])
            )
            day += timedelta(days=75)
    return records


def _cases(unit: Unit, rng: random.Random, year: int) -> list[CaseStudy]:
    quota = rules.case_quota(unit.kind)
    short = unit.street.name == STATION_SHORT_OF_CASES if unit.is_station else rng.random() < 0.15
    written = quota - 1 if short else quota  # a few short (C2/C3)
    start = rng.randrange(len(CASE_TITLES))
    return [
        CaseStudy(
            unit=unit,
            year=year,
            title=CASE_TITLES[(start + i) % len(CASE_TITLES)],
            field=rng.choice(CASE_FIELDS),
            summary="从需求评估、服务计划到成效评估的完整服务过程及反思。",
        )
        for i in range(written)
    ]


def _funding(year: int, as_of: date) -> dict:
    """Each street's and the district's venture fund of ``year`` with purchases of station
    projects running that year: 20–35% of the fund, one street short by one fen last year,
    one street without a record last year (G2)."""
    if Funding.objects.filter(year=year).exists():
        return {"fundings": 0, "purchases": 0}
    projects = list(
        Project.objects.filter(unit__kind=rules.UnitKind.STATION, first_year__lte=year)
        .select_related("unit__street")
        .order_by("unit__street__code", "category", "name")
    )
    by_street: dict[int, list[Project]] = {}
    for project in projects:
        by_street.setdefault(project.unit.street_id, []).append(project)
    last_year = year == as_of.year - 1
    fundings = purchases = 0
    for street in [None, *Street.objects.order_by("code")]:
        if street and last_year and street.name == STREET_WITHOUT_FUNDING:
            continue
        rng = _rng(f"funding-{street.code if street else 'district'}", date(year, 1, 1))
        fund = Decimal(rng.randrange(80, 400) * 10_000)
        funding = Funding.objects.create(year=year, street=street, venture_fund=fund)
        fundings += 1
        bought = (
            [p for ps in by_street.values() for p in ps[:1]]
            if street is None
            else by_street.get(street.pk, [])[:3]
        )
        if not bought:
            continue
        share = Decimal(rng.randrange(2100, 3500)) / 10_000
        total = (fund * share).quantize(Decimal("0.01"))
        if street and last_year and street.name == STREET_SHORT_OF_FLOOR:
            total = fund / 5 - Decimal("0.01")  # one fen below 20%
        each = (total / len(bought)).quantize(Decimal("0.01"))
        amounts = [each] * (len(bought) - 1) + [total - each * (len(bought) - 1)]
        _bulk(
            Purchase,
            [
                Purchase(funding=funding, project=p, amount=a)
                for p, a in zip(bought, amounts, strict=True)
            ],
        )
        purchases += len(bought)
    return {"fundings": fundings, "purchases": purchases}


def _site_budgets(as_of: date) -> int:
    """G6: a budget line for every standing demonstration site in both years but one."""
    if SiteBudget.objects.exists():
        return 0
    sites = (
        Recognition.objects.filter(year__lte=as_of.year)
        .select_related("unit__street", "unit__community")
        .order_by("unit__street__code", "unit__kind", "unit__community__code", "year")
    )
    lines, seen, missing = [], set(), None
    for recognition in sites:
        unit = recognition.unit
        for year in (as_of.year - 1, as_of.year):
            site = rules.SiteRecognition(recognition.year, recognition.revoked_on)
            if (unit.pk, year) in seen or not site.stands_in(year):
                continue
            seen.add((unit.pk, year))
            if missing is None and year == as_of.year:
                missing = unit.pk  # the first site standing this year has no line (G6)
                continue
            amount = Decimal(_rng(f"site-{_key(unit)}", date(year, 1, 1)).randrange(5, 30) * 10_000)
            lines.append(SiteBudget(unit=unit, year=year, amount=amount))
    _bulk(SiteBudget, lines)
    return len(lines)


def _awards_and_bases(as_of: date) -> dict:
    if Award.objects.exists() or PracticeBase.objects.exists():
        return {"awards": 0, "practice_bases": 0}
    rng = _rng("awards", as_of)
    brands = list(
        Project.objects.filter(category="brand_service", stage="sustained").order_by(
            "unit__street__code", "unit__kind", "unit__community__code", "name"
        )[:40]
    )
    cases = list(
        CaseStudy.objects.order_by("unit__street__code", "unit__community__code", "title")[:40]
    )
    awards = []
    for i, project in enumerate(rng.sample(brands, min(4, len(brands)))):
        title, level = AWARDS[i % 2]
        awards.append(Award(title=title, level=level, year=as_of.year - 1, project=project))
    for case in rng.sample(cases, min(3, len(cases))):
        awards.append(
            Award(title=AWARDS[2][0], level=AWARDS[2][1], year=case.year, case_study=case)
        )
    _bulk(Award, awards)
    stations = list(Unit.objects.stations().order_by("street__code"))
    bases = [
        PracticeBase(
            station=station,
            university=UNIVERSITIES[i % len(UNIVERSITIES)],
            since=date(2022 + i % 3, 9, 1),
        )
        for i, station in enumerate(rng.sample(stations, min(5, len(stations))))
    ]
    PracticeBase.objects.bulk_create(bases)
    return {"awards": len(awards), "practice_bases": len(bases)}


def seed(*, as_of: date) -> dict:
    done = set(Project.objects.values_list("unit_id", flat=True).distinct())
    projects, cases = [], []
    units = Unit.objects.exclude(pk__in=done).select_related("street", "community")
    for unit in units.order_by("street__code", "kind", "community__code"):
        rng = _rng(_key(unit), as_of)
        projects += _projects(unit, rng, first_year=as_of.year - 1)
        cases += _cases(unit, rng, as_of.year - 1)
    _bulk(Project, projects)
    _bulk(StageRecord, _stage_records(projects, as_of.year - 1))
    _bulk(CaseStudy, cases)
    last, this = _funding(as_of.year - 1, as_of), _funding(as_of.year, as_of)
    return {
        "projects": len(projects),
        "case_studies": len(cases),
        "fundings": last["fundings"] + this["fundings"],
        "purchases": last["purchases"] + this["purchases"],
        "site_budgets": _site_budgets(as_of),
        **_awards_and_bases(as_of),
    }
