"""G2 funding floor, C1–C3 projects and cases, TR1–TR2 training, L1–L4 lists."""

from decimal import Decimal

import pytest

from shangcheng import rules


@pytest.mark.parametrize(
    ("venture", "purchases", "meets"),
    [
        (Decimal("100000.00"), Decimal("20000.00"), True),  # exactly 20 %
        (Decimal("100000.00"), Decimal("19999.99"), False),  # one fen below
        (Decimal("100000.01"), Decimal("20000.00"), False),
        (Decimal("100000.05"), Decimal("20000.01"), True),
        (Decimal("0.00"), Decimal("0.00"), True),  # no venture fund, nothing owed
        (Decimal(0), Decimal("5"), True),
        (1000, 200, True),
        (Decimal("0.05"), Decimal("0.01"), True),
        (Decimal("0.06"), Decimal("0.01"), False),
    ],
)
def test_funding_floor_passes_at_exactly_20_percent(venture, purchases, meets):
    assert rules.meets_funding_floor(venture, purchases) is meets


@pytest.mark.parametrize(
    ("venture", "purchases"),
    [(Decimal("-0.01"), Decimal(0)), (Decimal(100), Decimal("-1")), (Decimal("1.001"), Decimal(1))],
)
def test_funding_floor_refuses_negative_amounts_and_fractions_of_a_fen(venture, purchases):
    with pytest.raises(ValueError):
        rules.meets_funding_floor(venture, purchases)


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity")])
def test_funding_floor_refuses_amounts_that_are_not_finite(amount):
    with pytest.raises(ValueError, match="finite"):
        rules.meets_funding_floor(amount, Decimal(20))


@pytest.mark.parametrize("amount", [100.0, "100"])
def test_funding_floor_refuses_floats_and_strings(amount):
    with pytest.raises(TypeError):
        rules.meets_funding_floor(amount, Decimal(20))


def test_funding_floor_follows_the_district_parameter():
    params = rules.DistrictParams(funding_floor=Decimal("0.25"))
    assert not rules.meets_funding_floor(Decimal(100), Decimal(20), params)


def test_funding_below_the_floor_names_both_amounts_and_the_share():
    [finding] = rules.check_funding_floor("上城区", 2023, Decimal("100000.00"), Decimal("19999.99"))
    assert (finding.rule, finding.clause, finding.severity) == ("G2", "§6(2)", "violation")
    assert finding.message == (
        "上城区 2023 年购买街道社会工作站服务项目经费 19,999.99 元，为公益创投资金 "
        "100,000.00 元的 19.99%，不得低于 20%"
    )
    assert "20%" in finding.message and "20 %" not in finding.message


def test_street_at_the_floor_has_no_finding():
    assert rules.check_funding_floor("清波街道", 2024, Decimal("5000.00"), Decimal("1000.00")) == []


@pytest.mark.parametrize(("kind", "quota"), [("station", 2), ("workroom", 1)])
def test_case_quota_is_2_for_a_station_and_1_for_a_workroom(kind, quota):
    assert rules.case_quota(kind) == quota


def test_case_quota_refuses_unknown_unit_kinds():
    with pytest.raises(ValueError, match="unit kind"):
        rules.case_quota("street")


@pytest.mark.parametrize(
    ("kind", "count", "rule_id"),
    [("station", 1, "C2"), ("station", 2, None), ("workroom", 0, "C3"), ("workroom", 1, None)],
)
def test_too_few_case_studies_in_a_year_is_a_violation(kind, count, rule_id):
    findings = rules.check_case_studies(kind, count, 2024)
    assert [f.rule for f in findings] == ([rule_id] if rule_id else [])


def test_case_study_message_names_year_count_and_quota():
    [finding] = rules.check_case_studies("station", 1, 2024)
    assert finding.message == "2024 年撰写专业服务特色案例 1 个，街道社会工作站每年应不少于 2 个"


def test_negative_case_count_is_refused():
    with pytest.raises(ValueError):
        rules.check_case_studies("station", -1, 2024)


def test_project_cycle_runs_from_research_to_sustained_operation():
    stage, seen = rules.ProjectStage.RESEARCH, []
    while stage is not None:
        seen.append(stage.label)
        stage = rules.next_stage(stage)
    assert seen == ["调研", "策划", "实施", "评估", "长效开展"]


def test_next_stage_refuses_unknown_stages():
    with pytest.raises(ValueError):
        rules.next_stage("closed")


def test_training_taxonomy_has_five_kinds_at_three_levels():
    assert [k.value for k in rules.TrainingKind] == [
        "pre_job",
        "supervision",
        "continuing",
        "practice",
        "policy_law",
    ]
    assert [level.label for level in rules.TrainingLevel] == ["区级", "街道级", "社区级"]


@pytest.mark.parametrize(
    ("practice", "visits", "missing"),
    [(1, 1, 0), (3, 2, 0), (0, 1, 1), (1, 0, 1), (0, 0, 2)],
)
def test_district_runs_a_practice_training_and_a_study_visit_each_year(practice, visits, missing):
    findings = rules.check_district_training(2024, practice, visits)
    assert [(f.rule, f.severity) for f in findings] == [("TR2", "violation")] * missing


def test_training_messages_name_the_year():
    messages = [f.message for f in rules.check_district_training(2024, 0, 0)]
    assert messages == [
        "区民政局 2024 年未组织侧重实务的集中培训",
        "区民政局 2024 年未组织外出参观见习",
    ]


@pytest.mark.parametrize("args", [(-1, 0), (0, -1)])
def test_negative_training_counts_are_refused(args):
    with pytest.raises(ValueError):
        rules.check_district_training(2024, *args)


def test_each_empty_list_breaks_l1():
    findings = rules.check_lists(needs=0, resources=4, projects=0)
    assert [(f.rule, f.message) for f in findings] == [
        ("L1", "尚未建立服务需求清单"),
        ("L1", "尚未建立服务项目清单"),
    ]
    assert rules.check_lists(1, 1, 1) == []


def test_negative_list_counts_are_refused():
    with pytest.raises(ValueError):
        rules.check_lists(1, -1, 1)


def test_taxonomies_of_the_principles():
    assert list(rules.FIVE_PARTIES.values()) == [
        "社区",
        "社会组织",
        "社会工作者",
        "社区志愿者",
        "社会慈善资源",
    ]
    assert list(rules.FOCUS_AREAS.values()) == [
        "一老一小",
        "民政兜底对象",
        "社区居民自治",
        "社区民主协商",
        "现代社区氛围营造",
    ]


def test_unrecorded_funding_is_advice_naming_scope_and_year():
    (finding,) = rules.funding_not_recorded("清波街道", 2025)
    assert (finding.rule, finding.severity) == ("G2", rules.Severity.ADVICE)
    assert "清波街道" in finding.message and "2025 年" in finding.message


@pytest.mark.parametrize(
    ("venture", "purchases", "floor", "share", "shortfall"),
    [
        (Decimal("1000.00"), Decimal("200.00"), Decimal("200.00"), Decimal("20.00"), Decimal("0")),
        (
            Decimal("1000.00"),
            Decimal("199.99"),
            Decimal("200.00"),
            Decimal("19.99"),
            Decimal("0.01"),
        ),
        (Decimal("0.05"), Decimal("0.00"), Decimal("0.01"), Decimal("0.00"), Decimal("0.01")),
        (Decimal("1000.00"), Decimal("350.00"), Decimal("200.00"), Decimal("35.00"), Decimal("0")),
    ],
)
def test_floor_amount_is_rounded_up_share_truncated_and_shortfall_exact(
    venture, purchases, floor, share, shortfall
):
    assert rules.funding_floor_amount(venture) == floor
    assert rules.funding_share(venture, purchases) == share
    assert rules.funding_shortfall(venture, purchases) == shortfall


def test_share_of_an_empty_fund_is_refused():
    with pytest.raises(ValueError):
        rules.funding_share(Decimal("0.00"), Decimal("0.00"))
