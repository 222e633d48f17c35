"""S6/S7 (§4(3)): counting full years in a post, and the benefit they earn."""

from datetime import date, timedelta

import pytest

from shangcheng import rules


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2021, 9, 1), 3, date(2024, 9, 1)),
        (date(2020, 2, 29), 1, date(2021, 2, 28)),
        (date(2020, 2, 29), 3, date(2023, 2, 28)),
        (date(2020, 2, 29), 4, date(2024, 2, 29)),
        (date(2024, 2, 29), -1, date(2023, 2, 28)),
    ],
)
def test_anniversary_of_29_february_falls_on_28_february_when_missing(day, years, expected):
    assert rules.anniversary(day, years) == expected


@pytest.mark.parametrize(
    ("on", "years"),
    [(date(2021, 9, 1), 0), (date(2024, 8, 31), 2), (date(2024, 9, 1), 3), (date(2025, 9, 1), 4)],
)
def test_head_since_1_september_2021_has_3_full_years_on_the_anniversary_not_the_day_before(
    on, years
):
    assert rules.full_years([(date(2021, 9, 1), None)], on) == years


@pytest.mark.parametrize(("on", "years"), [(date(2023, 2, 27), 2), (date(2023, 2, 28), 3)])
def test_start_on_29_february_reaches_3_years_on_28_february(on, years):
    assert rules.full_years([(date(2020, 2, 29), None)], on) == years


def test_days_after_the_date_asked_about_do_not_count():
    stints = [(date(2021, 9, 1), date(2030, 1, 1)), (date(2025, 1, 1), None)]
    assert rules.full_years(stints, date(2024, 8, 31)) == 2


def test_stint_that_starts_after_the_date_counts_nothing():
    assert rules.full_years([(date(2025, 1, 1), None)], date(2024, 1, 1)) == 0


def test_no_stints_is_no_tenure():
    assert rules.full_years([], date(2024, 1, 1)) == 0


def test_a_stint_left_on_its_first_day_counts_nothing():
    assert rules.full_years([(date(2024, 1, 1), date(2024, 1, 1))], date(2025, 6, 1)) == 0


def test_stints_with_a_gap_add_their_days_from_a_virtual_start():
    # 365 days in 2019, then from 2021: the virtual start lands on 2020-01-02 because
    # the 1,095 days reach back over 29 February 2020.
    stints = [(date(2019, 1, 1), date(2020, 1, 1)), (date(2021, 1, 1), None)]
    assert rules.full_years(stints, date(2023, 1, 1)) == 2
    assert rules.full_years(stints, date(2023, 1, 2)) == 3


@pytest.mark.parametrize(
    "stints",
    [
        [(date(2020, 1, 1), date(2022, 1, 1)), (date(2021, 1, 1), date(2023, 1, 1))],
        [(date(2021, 1, 1), date(2023, 1, 1)), (date(2020, 1, 1), date(2022, 1, 1))],
        [(date(2020, 1, 1), date(2023, 1, 1)), (date(2021, 1, 1), date(2021, 6, 1))],
        [(date(2020, 1, 1), None), (date(2020, 1, 1), None)],
    ],
)
def test_overlapping_days_count_once(stints):
    assert rules.full_years(stints, date(2023, 1, 1)) == 3
    assert rules.full_years(stints, date(2022, 12, 31)) == 2


def test_a_leaver_keeps_the_count_of_the_day_they_left_across_29_february():
    """365 days from 2020-03-01 make a full year on the day they left (2021-03-01); counted
    back from a later date the same days would span 29 February 2024 and make none."""
    stints = [(date(2020, 3, 1), date(2021, 3, 1))]
    assert rules.full_years(stints, date(2021, 2, 28)) == 0
    assert rules.full_years(stints, date(2021, 3, 1)) == 1  # the day they left
    assert rules.full_years(stints, date(2022, 3, 1)) == 1  # a year after leaving
    assert rules.full_years(stints, date(2024, 3, 1)) == 1  # across 29 February 2024
    assert rules.full_years(stints, date(2030, 1, 1)) == 1


def test_365_days_over_29_february_are_no_full_year_and_stay_none_after_leaving():
    stints = [(date(2019, 3, 2), date(2020, 3, 1))]  # 29 February 2020 among them
    assert [rules.full_years(stints, date(y, 3, 1)) for y in (2020, 2021, 2024)] == [0, 0, 0]


def test_a_leaver_with_3_years_on_the_last_day_keeps_3():
    stints = [(date(2021, 9, 1), date(2024, 9, 1))]  # in post up to 2024-08-31
    assert rules.full_years(stints, date(2024, 8, 31)) == 2
    assert rules.full_years(stints, date(2024, 9, 1)) == 3
    assert rules.full_years(stints, date(2028, 3, 1)) == 3


def test_back_in_post_the_count_does_not_fall_below_the_one_kept_on_leaving():
    """365 days without a 29 February make a year on leaving (2023-03-01); laid back from
    the return day 2024-03-01 they would span 29 February 2024 and make none."""
    stints = [(date(2022, 3, 1), date(2023, 3, 1)), (date(2024, 3, 1), None)]
    assert rules.full_years(stints, date(2023, 3, 1)) == 1
    assert rules.full_years(stints, date(2024, 2, 29)) == 1
    assert rules.full_years(stints, date(2024, 3, 1)) == 1
    assert rules.full_years(stints, date(2024, 3, 2)) == 1


def test_back_to_back_stints_count_as_one():
    stints = [(date(2021, 9, 1), date(2023, 1, 1)), (date(2023, 1, 1), None)]
    assert rules.full_years(stints, date(2024, 8, 31)) == 2
    assert rules.full_years(stints, date(2024, 9, 1)) == 3


def test_stint_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        rules.full_years([(date(2024, 1, 2), date(2024, 1, 1))], date(2024, 6, 1))


@pytest.mark.parametrize(
    ("stints", "on", "expected"),
    [
        ([(date(2021, 9, 1), None)], date(2022, 1, 1), date(2024, 9, 1)),
        ([(date(2021, 9, 1), None)], date(2025, 1, 1), date(2024, 9, 1)),  # already reached
        ([(date(2021, 9, 1), date(2026, 1, 1))], date(2022, 1, 1), date(2024, 9, 1)),
        ([(date(2020, 2, 29), None)], date(2020, 2, 29), date(2023, 2, 28)),
        (
            [(date(2019, 1, 1), date(2020, 1, 1)), (date(2021, 1, 1), None)],
            date(2021, 1, 1),
            date(2023, 1, 2),
        ),
        (
            [(date(2019, 1, 1), date(2020, 1, 1)), (date(2021, 1, 1), None)],
            date(2024, 6, 1),
            date(2023, 1, 2),
        ),
        (
            [(date(2021, 9, 1), date(2022, 9, 1)), (date(2022, 9, 1), None)],
            date(2023, 1, 1),
            date(2024, 9, 1),
        ),
    ],
)
def test_person_in_post_reaches_3_years_on_the_predicted_day(stints, on, expected):
    assert rules.tenure_eligible_from(stints, on) == expected
    assert rules.full_years(stints, expected) == 3
    assert rules.full_years(stints, expected - timedelta(days=1)) == 2


@pytest.mark.parametrize(
    ("stints", "on"),
    [
        ([(date(2021, 9, 1), date(2022, 1, 1))], date(2022, 1, 1)),  # left that day
        ([(date(2021, 9, 1), date(2022, 1, 1))], date(2023, 1, 1)),
        ([(date(2025, 1, 1), None)], date(2024, 1, 1)),  # not yet started
        ([], date(2024, 1, 1)),
    ],
)
def test_person_not_in_post_has_no_eligibility_date(stints, on):
    assert rules.tenure_eligible_from(stints, on) is None
    assert rules.benefit_payable_from(stints, on) is None


def test_three_years_reached_the_day_they_left_are_reached_that_day():
    stints = [(date(2021, 9, 1), date(2024, 9, 1)), (date(2025, 1, 1), None)]
    assert rules.tenure_eligible_from(stints, date(2025, 1, 1)) == date(2024, 9, 1)


def test_three_years_reached_on_returning_are_reached_on_the_return_day():
    """1,095 days up to 2023-01-01 span 29 February 2020: 2 years on leaving. Laid back from
    the return day 2024-01-01 they span no 29 February and make 3."""
    stints = [(date(2020, 1, 2), date(2023, 1, 1)), (date(2024, 1, 1), None)]
    assert rules.full_years(stints, date(2023, 12, 31)) == 2
    assert rules.full_years(stints, date(2024, 1, 1)) == 3
    assert rules.tenure_eligible_from(stints, date(2024, 1, 1)) == date(2024, 1, 1)
    assert rules.tenure_eligible_from(stints, date(2024, 6, 1)) == date(2024, 1, 1)


@pytest.mark.parametrize(
    ("start", "on", "expected"),
    [
        (date(2018, 5, 1), date(2023, 1, 1), date(2022, 9, 1)),  # 3 years before E0
        (date(2019, 9, 1), date(2023, 1, 1), date(2022, 9, 1)),  # 3 years on E0 itself
        (date(2019, 9, 2), date(2023, 1, 1), date(2022, 9, 2)),
        (date(2021, 9, 1), date(2023, 1, 1), date(2024, 9, 1)),  # not yet: by tenure alone
    ],
)
def test_benefit_is_payable_from_the_later_of_3_years_and_1_september_2022(start, on, expected):
    assert rules.benefit_payable_from([(start, None)], on) == expected


@pytest.mark.parametrize(
    ("post", "stints", "counted"),
    [
        (
            "head",
            [(date(2019, 1, 1), date(2022, 1, 1), "mixed"), (date(2022, 1, 1), None, "self")],
            [(date(2022, 1, 1), None)],
        ),
        (
            "deputy",
            [(date(2019, 1, 1), date(2022, 1, 1), "mixed"), (date(2022, 1, 1), None, "self")],
            [(date(2019, 1, 1), date(2022, 1, 1)), (date(2022, 1, 1), None)],
        ),
        ("head", [(date(2019, 1, 1), None, "mixed")], []),
    ],
)
def test_s6_counts_only_time_as_head_of_a_self_operated_station(post, stints, counted):
    assert rules.tenure_stints(post, stints) == counted


def test_mixed_mode_head_time_does_not_make_a_self_operated_head_3_years():
    stints = [(date(2019, 1, 1), date(2022, 1, 1), "mixed"), (date(2022, 1, 1), None, "self")]
    counted = rules.tenure_stints("head", stints)
    assert rules.full_years(counted, date(2024, 12, 31)) == 2
    assert rules.full_years(counted, date(2025, 1, 1)) == 3


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("boss", []), "post"),
        (("head", [(date(2020, 1, 1), None, "solo")]), "mode"),
    ],
)
def test_tenure_stints_refuse_bad_input(args, what):
    with pytest.raises(ValueError, match=what):
        rules.tenure_stints(*args)


@pytest.mark.parametrize(
    ("grades", "on", "expected"),
    [
        ({2024: "qualified"}, date(2025, 6, 1), "qualified"),
        ({2024: "basic", 2025: "excellent"}, date(2025, 12, 31), "basic"),  # this year: no
        ({2023: "excellent"}, date(2025, 6, 1), None),  # an older one does not count
        ({}, date(2025, 1, 1), None),
        ({2024: "qualified"}, date(2026, 1, 1), None),
    ],
)
def test_the_appraisal_that_decides_is_the_one_of_the_year_before(grades, on, expected):
    assert rules.deciding_grade(grades, on) == expected


def test_deciding_grade_refuses_unknown_grades():
    with pytest.raises(ValueError, match="grade"):
        rules.deciding_grade({2024: "good"}, date(2025, 1, 1))


@pytest.mark.parametrize(
    ("post", "mode", "years", "grade", "benefit"),
    [
        ("head", "self", 3, "excellent", "principal"),
        ("head", "self", 3, "qualified", "principal"),
        ("head", "self", 2, "excellent", None),
        ("head", "self", 3, "basic", None),
        ("head", "self", 3, "unqualified", None),
        ("head", "self", 10, None, None),  # no appraisal on record is not passed
        ("head", "mixed", 5, "excellent", None),  # S6 is for self-operated stations only
        ("deputy", "self", 3, "qualified", "deputy"),
        ("deputy", "mixed", 3, "excellent", "deputy"),
        ("deputy", "mixed", 2, "excellent", None),
        ("social_worker", "self", 9, "excellent", None),
    ],
)
def test_tenure_benefit_needs_3_years_and_a_passed_appraisal(post, mode, years, grade, benefit):
    assert rules.tenure_benefit(post, mode, years, grade) == benefit


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("boss", "self", 3, None), "post"),
        (("head", "solo", 3, None), "mode"),
        (("head", "self", -1, None), "years"),
        (("head", "self", 3, "good"), "grade"),
    ],
)
def test_tenure_benefit_refuses_bad_input(args, what):
    with pytest.raises(ValueError, match=what):
        rules.tenure_benefit(*args)
