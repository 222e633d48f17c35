"""E0: the document is in force from 2022-09-01; nothing is judged before it."""

from datetime import date

import pytest

from shangcheng import rules


def test_the_first_day_in_force_is_accepted():
    assert rules.require_in_force(date(2022, 9, 1)) == date(2022, 9, 1)


def test_the_day_before_is_refused_naming_both_dates():
    with pytest.raises(ValueError, match=r"2022-08-31.*2022-09-01"):
        rules.require_in_force(date(2022, 8, 31))
