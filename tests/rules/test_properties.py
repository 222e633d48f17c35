"""Properties that must hold for any input, checked with hypothesis."""

import calendar
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from shangcheng import rules

# Stay inside 1901–2099 (every fourth year a leap year); 2100 is not, and skews day counts.
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31))
lengths = st.integers(min_value=0, max_value=3000)


@st.composite
def stints(draw):
    start = draw(days)
    end = draw(st.none() | lengths.map(lambda n: start + timedelta(days=n)))
    return start, end


@st.composite
def in_post_on(draw, on):
    """A stint that covers ``on``: started on or before it, not left by then."""
    start = on - timedelta(days=draw(lengths))
    end = draw(st.none() | st.integers(1, 3000).map(lambda n: on + timedelta(days=n)))
    return start, end


@st.composite
def career_in_post_on_two_dates(draw):
    on1 = draw(days)
    on2 = on1 + timedelta(days=draw(st.integers(0, 4000)))
    history = [draw(in_post_on(on1)), draw(in_post_on(on2)), *draw(st.lists(stints(), max_size=4))]
    return draw(st.permutations(history)), on1, on2


@given(career_in_post_on_two_dates())
def test_full_years_never_decrease_for_a_person_in_post_on_both_dates(case):
    history, on1, on2 = case
    assert rules.full_years(history, on2) >= rules.full_years(history, on1)


@given(days, days, days)
def test_full_years_of_an_open_stint_never_decrease_as_the_date_moves_later(start, a, b):
    early, late = sorted((a, b))
    assert rules.full_years([(start, None)], late) >= rules.full_years([(start, None)], early)


def calendar_years(start: date, on: date) -> int:
    """The plain count: birthdays passed, a 29 February start celebrating on 28 February."""
    years = on.year - start.year
    anniversary = (start.month, start.day)
    if anniversary == (2, 29) and not calendar.isleap(on.year):
        anniversary = (2, 28)
    return years - ((on.month, on.day) < anniversary)


@given(days, st.integers(0, 20000), st.none() | st.integers(1, 5000))
def test_full_years_of_one_unbroken_stint_is_the_calendar_count(start, served, after):
    on = start + timedelta(days=served)
    end = None if after is None else on + timedelta(days=after)
    assert rules.full_years([(start, end)], on) == calendar_years(start, on)


@given(st.lists(stints(), max_size=5), days)
def test_full_years_ignore_order_and_duplicated_stints(history, on):
    assert rules.full_years(history, on) == rules.full_years([*reversed(history), *history], on)


@given(st.lists(stints(), max_size=5), days)
def test_eligibility_date_is_when_three_years_are_reached_if_in_post(history, on):
    eligible = rules.tenure_eligible_from(history, on)
    if eligible is not None:
        assert (rules.full_years(history, on) >= 3) is (eligible <= on)


@given(st.lists(stints(), max_size=5), days, st.integers(0, 4000))
def test_full_years_never_decrease_as_the_date_moves_later(history, on, later):
    """In post, out of post or back again: tenure is kept, never lost."""
    assert rules.full_years(history, on + timedelta(days=later)) >= rules.full_years(history, on)


@given(st.lists(stints(), min_size=1, max_size=5), st.integers(0, 4000))
def test_full_years_never_change_after_leaving(history, after):
    closed = [(start, end or start) for start, end in history]
    left = max(end for _start, end in closed)
    assert rules.full_years(closed, left + timedelta(days=after)) == rules.full_years(closed, left)


@given(st.lists(stints(), max_size=5), days)
def test_benefit_is_never_payable_before_the_document_nor_before_3_years(history, on):
    payable = rules.benefit_payable_from(history, on)
    eligible = rules.tenure_eligible_from(history, on)
    assert (payable is None) is (eligible is None)
    if payable is not None:
        assert payable == max(eligible, rules.IN_FORCE)


@given(st.integers(0, 10000), st.integers(0, 10000))
def test_more_communities_never_need_fewer_social_workers(a, b):
    fewer, more = sorted((a, b))
    assert rules.required_social_workers(fewer) <= rules.required_social_workers(more)


money = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)


@given(money, money)
def test_funding_floor_agrees_with_exact_fractions(venture, purchases):
    expected = venture == 0 or Fraction(purchases) / Fraction(venture) >= Fraction(20, 100)
    assert rules.meets_funding_floor(venture, purchases) is expected


@given(
    st.dictionaries(
        st.sampled_from(["ability", "quality", "results", "conduct"]),
        st.decimals(min_value=0, max_value=100, places=2),
        min_size=4,
    )
)
def test_appraisal_score_stays_between_0_and_100(scores):
    score = rules.appraisal_score(scores)
    assert min(scores.values()) <= score <= max(scores.values())
    assert rules.appraisal_grade(score) in {"excellent", "qualified", "basic", "unqualified"}
