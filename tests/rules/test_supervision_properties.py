"""V2/V3 (§5(2)) for any period: an inclusive last day, and 29 February's date is 1 March."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shangcheng import rules

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31))
years = st.integers(1, 5)


@given(days, years)
def test_the_day_before_the_date_n_years_later_closes_exactly_n_years(start, n):
    last_day = rules.period_date(start, n) - timedelta(days=1)
    assert rules.lasts_at_least(start, last_day, n)
    assert rules.lasts_at_most(start, last_day, n)
    assert not rules.lasts_at_least(start, last_day - timedelta(days=1), n)
    assert not rules.lasts_at_most(start, last_day + timedelta(days=1), n)


@given(days, years)
def test_the_date_n_years_later_keeps_the_day_or_moves_29_february_to_1_march(start, n):
    later = rules.period_date(start, n)
    assert later.year == start.year + n
    if (start.month, start.day) == (2, 29) and later.month == 3:
        assert later.day == 1
    else:
        assert (later.month, later.day) == (start.month, start.day)


@given(days, st.integers(0, 2000))
def test_an_agreement_breaks_v3_exactly_when_it_does_not_last_at_most_a_year(start, length):
    end = start + timedelta(days=length)
    assert bool(rules.check_agreement(start, end)) is not rules.lasts_at_most(start, end, 1)
    assert bool(rules.check_engagement(start, end)) is not rules.lasts_at_least(start, end, 3)
