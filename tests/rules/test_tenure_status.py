"""S6/S7 (§4(3)) on a day: the benefit, the day it is payable from, and what is missing."""

from datetime import date

import pytest

from shangcheng import rules

ON = date(2025, 6, 1)
SINCE_2018 = [(date(2018, 1, 1), None, "self")]


def status(post="head", mode="self", stints=SINCE_2018, grades=None, on=ON):
    return rules.tenure_status(post, mode, stints, {} if grades is None else grades, on)


def test_benefit_labels_say_by_reference_to_a_community_worker():
    assert rules.Benefit.PRINCIPAL.label == "参照专职社区工作者正职待遇"
    assert rules.Benefit.DEPUTY.label == "参照专职社区工作者副职待遇"


def test_head_with_3_years_and_a_pass_last_year_has_the_benefit_since_e0():
    result = status(grades={2024: "qualified"})
    assert result == rules.TenureStatus(
        years=7,
        benefit="principal",
        payable_from=date(2022, 9, 1),  # 3 years reached in 2021, before the document
        reason="",
        grade_year=2024,
        grade="qualified",
    )


@pytest.mark.parametrize(
    ("grades", "reason"),
    [
        ({2024: "basic"}, "任职已满 3 年；2024 年度考核为基本合格"),
        ({2024: "unqualified"}, "任职已满 3 年；2024 年度考核为不合格"),
        ({}, "任职已满 3 年；2024 年度考核结果未录入"),
        ({2023: "excellent"}, "任职已满 3 年；2024 年度考核结果未录入"),  # too old
        ({2024: "basic", 2025: "excellent"}, "任职已满 3 年；2024 年度考核为基本合格"),
    ],
)
def test_without_a_pass_the_year_before_there_is_no_benefit_and_no_date(grades, reason):
    result = status(grades=grades)
    assert (result.years, result.benefit, result.payable_from) == (7, None, None)
    assert result.reason == reason


def test_deputy_short_of_3_years_gets_the_day_when_last_years_pass_will_decide():
    result = status("deputy", stints=[(date(2022, 9, 1), None, "self")], grades={2024: "excellent"})
    assert (result.years, result.benefit) == (2, None)
    assert result.payable_from == date(2025, 9, 1)
    assert result.reason == "任职未满 3 年（已满 2 年）"


@pytest.mark.parametrize(
    ("grades", "reason"),
    [
        ({2024: "basic"}, "任职未满 3 年（已满 2 年）；2024 年度考核为基本合格"),
        ({}, "任职未满 3 年（已满 2 年）；2024 年度考核结果未录入"),
    ],
)
def test_short_of_3_years_without_the_pass_that_will_decide_has_no_date(grades, reason):
    result = status("deputy", stints=[(date(2022, 9, 1), None, "mixed")], grades=grades)
    assert (result.benefit, result.payable_from, result.reason) == (None, None, reason)


@pytest.mark.parametrize(
    ("grades", "payable_from", "reason"),
    [
        ({2024: "qualified"}, None, "任职未满 3 年（已满 1 年）；届时须 2025 年度考核合格"),
        ({2025: "basic"}, None, "任职未满 3 年（已满 1 年）；2025 年度考核为基本合格"),
        ({2025: "qualified"}, date(2026, 9, 1), "任职未满 3 年（已满 1 年）"),
    ],
)
def test_three_years_reached_next_year_depend_on_this_years_appraisal(grades, payable_from, reason):
    result = status("deputy", stints=[(date(2023, 9, 1), None, "self")], grades=grades)
    assert (result.payable_from, result.reason) == (payable_from, reason)


def test_mixed_mode_head_has_no_benefit_by_policy():
    result = status(
        mode="mixed", stints=[(date(2018, 1, 1), None, "mixed")], grades={2024: "excellent"}
    )
    assert (result.years, result.benefit, result.payable_from) == (0, None, None)
    assert result.reason == "与第三方机构混合运营的站长不享受任职待遇（仅街道自主运营的站长可享受）"


def test_time_as_mixed_mode_head_does_not_count_toward_s6():
    stints = [(date(2019, 1, 1), date(2023, 1, 1), "mixed"), (date(2023, 1, 1), None, "self")]
    result = status(stints=stints, grades={2024: "qualified"})
    assert (result.years, result.benefit, result.payable_from) == (2, None, None)
    assert result.reason == "任职未满 3 年（已满 2 年）；届时须 2025 年度考核合格"
    result = status(stints=stints, grades={2024: "qualified", 2025: "qualified"})
    assert (result.years, result.payable_from) == (2, date(2026, 1, 1))


def test_a_deputy_counts_time_in_either_mode_s7_follows_the_post():
    stints = [(date(2019, 1, 1), date(2023, 1, 1), "mixed"), (date(2023, 1, 1), None, "self")]
    result = status("deputy", stints=stints, grades={2024: "qualified"})
    assert (result.years, result.benefit, result.payable_from) == (6, "deputy", date(2022, 9, 1))


def test_other_posts_earn_no_tenure_benefit():
    result = status("social_worker", grades={2024: "excellent"})
    assert (result.benefit, result.payable_from, result.reason) == (
        None,
        None,
        "专职社工岗位无任职待遇",
    )


def test_a_leaver_keeps_the_years_but_has_no_benefit():
    result = status(
        stints=[(date(2018, 1, 1), date(2024, 1, 1), "self")], grades={2024: "qualified"}
    )
    assert (result.years, result.benefit, result.payable_from) == (6, None, None)
    assert result.reason == "2025-06-01 不在站长岗位"


def test_three_years_reached_after_e0_are_payable_from_that_day():
    result = status(stints=[(date(2021, 3, 15), None, "self")], grades={2024: "qualified"})
    assert (result.benefit, result.payable_from) == ("principal", date(2024, 3, 15))


def test_start_on_29_february_reaches_3_years_on_28_february():
    result = status(
        "deputy",
        stints=[(date(2020, 2, 29), None, "self")],
        grades={2022: "qualified"},
        on=date(2023, 2, 28),
    )
    assert (result.years, result.benefit, result.payable_from) == (3, "deputy", date(2023, 2, 28))


def test_status_before_the_document_is_in_force_is_refused():
    with pytest.raises(ValueError, match="2022-08-31 早于政策施行日期 2022-09-01"):
        status(on=date(2022, 8, 31))


@pytest.mark.parametrize(
    ("kwargs", "what"),
    [
        ({"post": "boss"}, "post"),
        ({"mode": "solo"}, "mode"),
        ({"grades": {2024: "good"}}, "grade"),
    ],
)
def test_tenure_status_refuses_bad_input(kwargs, what):
    with pytest.raises(ValueError, match=what):
        status(**kwargs)


def test_an_unknown_grade_of_the_deciding_future_year_is_refused():
    with pytest.raises(ValueError, match="grade"):
        status("deputy", stints=[(date(2023, 9, 1), None, "self")], grades={2025: "good"})
