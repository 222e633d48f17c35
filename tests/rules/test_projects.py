"""P1–P3 (§5(1)): "123N" for stations, "13N" for workrooms, no administrative affairs."""

import pytest

from shangcheng import rules


def projects(*categories, declared=True, flagged=False):
    return [
        rules.ProjectSummary(c, declared, flagged, name=f"{c}{i}") for i, c in enumerate(categories)
    ]


STATION_123 = ["core", "brand_service", "brand_governance", "cluster", "cluster", "cluster"]
WORKROOM_13 = ["brand_service", "consultation", "neighbour_culture", "backbone"]


def test_category_constants_carry_label_and_minimum():
    assert rules.STATION_PROJECT_CATEGORIES["cluster"] == ("组团项目", 3)
    assert rules.STATION_PROJECT_CATEGORIES["optional"].minimum == 0
    assert rules.WORKROOM_PROJECT_CATEGORIES["neighbour_culture"].label == "两邻文化"
    assert rules.project_categories("workroom") is rules.WORKROOM_PROJECT_CATEGORIES


@pytest.mark.parametrize(
    ("kind", "categories"),
    [
        ("station", STATION_123),
        ("station", [*STATION_123, "optional", "optional", "cluster"]),
        ("workroom", WORKROOM_13),
        ("workroom", [*WORKROOM_13, "linkage", "linkage"]),
    ],
)
def test_units_with_their_full_project_pattern_have_no_findings(kind, categories):
    assert rules.check_projects(kind, projects(*categories)) == []


def test_station_with_two_cluster_projects_breaks_p1():
    [finding] = rules.check_projects("station", projects(*STATION_123[:-1]))
    assert (finding.rule, finding.clause, finding.severity) == ("P1", "§5(1)", "violation")
    assert finding.message == "组团项目现有 2 个，需不少于 3 个"


def test_station_without_projects_misses_every_counted_category():
    findings = rules.check_projects("station", [])
    assert [f.rule for f in findings] == ["P1"] * 4


def test_workroom_without_backbone_training_breaks_p2():
    [finding] = rules.check_projects("workroom", projects(*WORKROOM_13[:-1]))
    assert (finding.rule, finding.message) == ("P2", "骨干培养现有 0 个，需不少于 1 个")


@pytest.mark.parametrize(("kind", "category"), [("workroom", "core"), ("station", "backbone")])
def test_category_of_the_other_unit_kind_is_refused(kind, category):
    with pytest.raises(ValueError, match=category):
        rules.check_projects(kind, projects(category))


def test_unknown_unit_kind_is_refused():
    with pytest.raises(ValueError, match="unit kind"):
        rules.check_projects("office", [])


def test_project_flagged_administrative_by_the_reviewer_breaks_p3():
    flagged = rules.ProjectSummary("optional", True, True, name="创卫台账整理")
    [finding] = rules.check_projects("station", [*projects(*STATION_123), flagged])
    assert (finding.rule, finding.severity) == ("P3", "violation")
    assert finding.message == "项目“创卫台账整理”经审核属于街道行政性事务，不得列入服务内容"


def test_project_not_yet_declared_non_administrative_is_advice_pending_review():
    undeclared = rules.ProjectSummary("linkage", False, False, name="片区联动")
    [finding] = rules.check_projects("workroom", [*projects(*WORKROOM_13), undeclared])
    assert (finding.rule, finding.clause, finding.severity) == ("P3", "§5(1)", "advice")
    assert finding.message == "项目“片区联动”尚未声明不属于街道行政性事务，待审核"


def test_project_both_undeclared_and_flagged_is_one_violation():
    both = rules.ProjectSummary("optional", False, True)
    [finding] = rules.check_projects("station", [*projects(*STATION_123), both])
    assert (finding.rule, finding.severity) == ("P3", "violation")


def test_project_declared_non_administrative_and_not_flagged_passes_p3():
    clean = rules.ProjectSummary("optional", True, False, name="邻里互助")
    assert rules.check_projects("station", [*projects(*STATION_123), clean]) == []


def brands(kind_categories, *stages):
    return [
        rules.ProjectSummary(c, True, False, name=f"品牌{i}", stage=s)
        for i, (c, s) in enumerate(zip(kind_categories, stages, strict=True))
    ]


@pytest.mark.parametrize(
    ("kind", "categories"),
    [("station", ["brand_service", "brand_governance"]), ("workroom", ["brand_service"])],
)
def test_brand_formed_once_one_brand_project_runs_long_term(kind, categories):
    sustained = brands(categories, *(["sustained"] + ["planning"] * (len(categories) - 1)))
    assert rules.check_brand(kind, sustained) == []


def test_station_whose_brand_projects_are_all_short_of_sustained_is_advised_l2():
    (finding,) = rules.check_brand(
        "station", brands(["brand_service", "brand_governance"], "evaluation", "implementation")
    )
    assert (finding.rule, finding.severity) == ("L2", rules.Severity.ADVICE)
    assert "一站一品牌" in finding.message
    assert "“品牌0”、“品牌1”" in finding.message


def test_workroom_feature_not_formed_is_advised_and_other_categories_do_not_count():
    projects = [
        rules.ProjectSummary("consultation", True, False, name="议事会", stage="sustained"),
        *brands(["brand_service"], "research"),
    ]
    (finding,) = rules.check_brand("workroom", projects)
    assert "一室一特色" in finding.message
    assert "议事会" not in finding.message


def test_a_governance_brand_counts_for_a_station_only():
    # A workroom has no governance brand category; a sustained one is not its feature.
    assert rules.check_brand("station", brands(["brand_governance"], "sustained")) == []


@pytest.mark.parametrize("kind", ["station", "workroom"])
def test_no_brand_project_at_all_is_left_to_p1_p2(kind):
    assert rules.check_brand(kind, projects("core" if kind == "station" else "backbone")) == []


def test_brand_check_refuses_unknown_unit_kinds():
    with pytest.raises(ValueError):
        rules.check_brand("office", [])
