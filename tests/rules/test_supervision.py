"""V2–V6 (§5(2), §5(3)): engagements, yearly agreements, appraisal, fees, coverage."""

from datetime import date
from decimal import Decimal

import pytest

from shangcheng import rules

SCORES = {"ability": 80, "quality": 80, "results": 80, "conduct": 80}


@pytest.mark.parametrize(
    ("level", "counts"),
    [("district", False), ("municipal", True), ("provincial", True), ("national", True)],
)
def test_municipal_or_higher_supervisors_are_municipal_provincial_and_national(level, counts):
    assert rules.SupervisorLevel(level).municipal_or_higher is counts


def test_mentor_team_types_and_project_levels_have_labels():
    assert [t.label for t in rules.SupervisorType] == [
        "本土社工督导（助理）",
        "高校教师",
        "专科实务督导",
    ]
    assert [level.value for level in rules.ProjectLevel] == [
        "street",
        "district",
        "municipal",
        "provincial",
        "national",
    ]


@pytest.mark.parametrize(
    ("start", "end", "advised"),
    [
        (date(2024, 1, 1), date(2026, 12, 31), False),  # exactly three years
        (date(2024, 1, 1), date(2026, 12, 30), True),
        (date(2024, 1, 1), None, False),  # open-ended
        (date(2024, 2, 29), date(2027, 2, 28), False),  # 29 February's date is 1 March
        (date(2024, 2, 29), date(2027, 2, 27), True),
        (date(2024, 2, 29), date(2028, 2, 28), False),
        (date(2020, 2, 29), date(2024, 2, 28), False),  # 2024 has a 29 February
        (date(2021, 2, 28), date(2024, 2, 27), False),
        (date(2021, 2, 28), date(2024, 2, 26), True),
        (date(2024, 1, 1), date(2024, 12, 31), True),
    ],
)
def test_supervision_service_period_under_3_years_gets_v2_advice(start, end, advised):
    findings = rules.check_engagement(start, end)
    assert [(f.rule, f.severity) for f in findings] == ([("V2", "advice")] if advised else [])


def test_v2_advice_names_the_period():
    [finding] = rules.check_engagement(date(2024, 1, 1), date(2025, 12, 31))
    assert finding.message == "督导服务期 2024-01-01 至 2025-12-31，不足 3 年，可设置至少 3 年"


@pytest.mark.parametrize(
    ("start", "end", "too_long"),
    [
        (date(2024, 1, 1), date(2024, 12, 31), False),  # 2024-01-01 至 2024-12-31: one year
        (date(2024, 1, 1), date(2025, 1, 1), True),  # one day more
        (date(2024, 1, 1), date(2024, 1, 1), False),
        (date(2024, 7, 1), date(2025, 6, 30), False),
        (date(2024, 2, 29), date(2025, 2, 27), False),
        (date(2024, 2, 29), date(2025, 2, 28), False),  # 2024-02-29 至 2025-02-28: one year
        (date(2024, 2, 29), date(2025, 3, 1), True),
        (date(2023, 2, 28), date(2024, 2, 27), False),
        (date(2023, 2, 28), date(2024, 2, 28), True),
        (date(2023, 3, 1), date(2024, 2, 29), False),
        (date(2023, 3, 1), date(2024, 3, 1), True),
    ],
)
def test_agreement_longer_than_one_year_breaks_v3(start, end, too_long):
    findings = rules.check_agreement(start, end)
    assert [(f.rule, f.severity) for f in findings] == ([("V3", "violation")] if too_long else [])


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 3, 1)),
        (date(2024, 2, 29), 3, date(2027, 3, 1)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 3, 1), 1, date(2025, 3, 1)),
        (date(2023, 2, 28), 1, date(2024, 2, 28)),
    ],
)
def test_a_29_february_starts_date_years_later_is_1_march_when_missing(start, years, expected):
    assert rules.period_date(start, years) == expected


def test_2024_02_29_to_2025_02_28_is_exactly_one_year():
    start, last_day = date(2024, 2, 29), date(2025, 2, 28)
    assert rules.lasts_at_least(start, last_day, 1)
    assert rules.lasts_at_most(start, last_day, 1)
    assert not rules.lasts_at_least(start, date(2025, 2, 27), 1)
    assert not rules.lasts_at_most(start, date(2025, 3, 1), 1)


def test_v3_message_names_the_agreement():
    [finding] = rules.check_agreement(date(2024, 1, 1), date(2025, 12, 31))
    assert finding.message == "督导协议 2024-01-01 至 2025-12-31 超过 1 年，应一年一签"


@pytest.mark.parametrize("check", [rules.check_agreement, rules.check_engagement])
def test_period_ending_before_it_starts_is_refused(check):
    with pytest.raises(ValueError, match="before it starts"):
        check(date(2024, 1, 2), date(2024, 1, 1))


def test_district_may_change_the_period_parameters():
    params = rules.DistrictParams(engagement_min_years=2, agreement_max_years=2)
    assert rules.check_engagement(date(2024, 1, 1), date(2025, 12, 31), params) == []
    assert rules.check_agreement(date(2024, 1, 1), date(2025, 12, 31), params) == []


def test_appraisal_score_with_default_weights_is_the_mean():
    scores = {"ability": 100, "quality": Decimal("90.5"), "results": 70, "conduct": 60}
    assert rules.appraisal_score(scores) == Decimal("80.125")


def test_appraisal_score_uses_the_districts_weights():
    params = rules.DistrictParams(
        weights={"ability": 40, "quality": 20, "results": 30, "conduct": 10}
    )
    scores = {"ability": 100, "quality": 50, "results": 80, "conduct": 0}
    assert rules.appraisal_score(scores, params) == Decimal(74)


@pytest.mark.parametrize(
    "scores",
    [
        {"ability": 80, "quality": 80, "results": 80},
        {**SCORES, "attendance": 80},
        {**SCORES, "conduct": 101},
        {**SCORES, "conduct": -1},
        {**SCORES, "conduct": 80.0},
    ],
)
def test_appraisal_score_refuses_missing_extra_or_out_of_range_scores(scores):
    with pytest.raises(ValueError):
        rules.appraisal_score(scores)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (Decimal(0), "unqualified"),
        (Decimal("59.99"), "unqualified"),
        (Decimal(60), "basic"),
        (Decimal("74.99"), "basic"),
        (Decimal(75), "qualified"),
        (Decimal("89.99"), "qualified"),
        (Decimal(90), "excellent"),
        (100, "excellent"),
    ],
)
def test_grade_thresholds_are_90_75_and_60(score, grade):
    assert rules.appraisal_grade(score) == grade


@pytest.mark.parametrize("score", [Decimal("-0.01"), Decimal("100.01"), 59.5])
def test_grade_refuses_scores_outside_0_to_100_and_floats(score):
    with pytest.raises(ValueError):
        rules.appraisal_grade(score)


def test_district_thresholds_move_the_grades():
    params = rules.DistrictParams(excellent=95, qualified=80, basic=70)
    assert rules.appraisal_grade(Decimal(94), params) == "qualified"
    assert rules.appraisal_grade(Decimal(79), params) == "basic"


def test_unqualified_appraisal_recommends_non_renewal():
    [finding] = rules.renewal_advice("unqualified")
    assert (finding.rule, finding.severity, finding.message) == (
        "V4",
        "advice",
        "年度考核不合格，建议不再续聘",
    )


@pytest.mark.parametrize("grade", ["excellent", "qualified", "basic"])
def test_other_grades_give_no_renewal_advice(grade):
    assert rules.renewal_advice(grade) == []


def test_renewal_advice_refuses_unknown_grades():
    with pytest.raises(ValueError):
        rules.renewal_advice("fail")


@pytest.mark.parametrize(
    ("appraised", "on", "late"),
    [
        (False, date(2024, 12, 31), False),
        (False, date(2025, 1, 1), True),
        (True, date(2025, 3, 1), False),
    ],
)
def test_appraisal_not_done_by_31_december_breaks_v4(appraised, on, late):
    findings = rules.check_appraisal_done(2024, appraised, on, name="李明")
    assert [(f.rule, f.severity) for f in findings] == ([("V4", "violation")] if late else [])


def test_v4_message_names_supervisor_and_year():
    [finding] = rules.check_appraisal_done(2024, False, date(2025, 1, 2), name="李明")
    assert finding.message == "督导李明 2024 年度考核应于 12 月底前完成，至今未完成"


@pytest.mark.parametrize(
    ("full_time", "level", "approved", "grade", "eligible"),
    [
        (True, "district", True, "qualified", True),
        (True, "national", True, "excellent", True),
        (True, "municipal", True, None, True),  # first year of the engagement: none yet
        (True, "district", True, "basic", False),
        (True, "district", True, "unqualified", False),
        (True, "street", True, "qualified", False),
        (False, "municipal", True, "qualified", False),
        (True, "provincial", False, "qualified", False),  # month not approved
        (True, "provincial", False, None, False),
    ],
)
def test_fee_is_due_for_an_approved_month_unless_last_years_appraisal_failed(
    full_time, level, approved, grade, eligible
):
    assert rules.fee_eligible(full_time, level, approved, grade) is eligible


@pytest.mark.parametrize(
    ("level", "grade", "what"), [("city", None, "project level"), ("district", "good", "grade")]
)
def test_fee_eligibility_refuses_unknown_levels_and_grades(level, grade, what):
    with pytest.raises(ValueError, match=what):
        rules.fee_eligible(True, level, True, grade)


def test_monthly_fee_amount_is_rate_times_approved_months_in_fen():
    params = rules.DistrictParams(monthly_fee=Decimal("833.33"))
    assert rules.monthly_fee_amount(3, params) == Decimal("2499.99")
    assert rules.monthly_fee_amount(0, params) == Decimal("0.00")


def test_monthly_fee_needs_the_district_rate():
    with pytest.raises(ValueError, match="monthly supervision fee"):
        rules.monthly_fee_amount(1)


def test_monthly_fee_refuses_negative_months():
    with pytest.raises(ValueError):
        rules.monthly_fee_amount(-1, rules.DistrictParams(monthly_fee=Decimal(800)))


def test_every_workroom_linked_and_a_core_supervisor_is_fine():
    assert (
        rules.check_supervisor_coverage(
            ["清波门社区", "劳动路社区"], ["劳动路社区", "清波门社区"], 1
        )
        == []
    )


def test_each_unlinked_workroom_and_no_core_supervisor_break_v6():
    findings = rules.check_supervisor_coverage(
        ["清波门社区", "劳动路社区", "定安社区"], ["劳动路社区"], 0
    )
    assert [(f.rule, f.clause) for f in findings] == [("V6", "§5(3)")] * 3
    assert [f.message for f in findings] == [
        "社区社会工作室“清波门社区”未安排社工督导联系指导",
        "社区社会工作室“定安社区”未安排社工督导联系指导",
        "社会工作站尚未吸纳省、市级社会工作督导作为骨干成员",
    ]


def test_negative_core_supervisors_are_refused():
    with pytest.raises(ValueError):
        rules.check_supervisor_coverage([], [], -1)
