"""Counts and amounts of the wrong kind are refused, never silently coerced."""

from decimal import Decimal

import pytest

from shangcheng import rules


@pytest.mark.parametrize("bad", [True, 1.5, "12", None])
def test_community_count_must_be_a_whole_number(bad):
    with pytest.raises(TypeError):
        rules.required_social_workers(bad)


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_funding_amounts_must_be_finite(bad):
    with pytest.raises(ValueError):
        rules.meets_funding_floor(bad, Decimal("10.00"))
    with pytest.raises(ValueError):
        rules.meets_funding_floor(Decimal("10.00"), bad)
