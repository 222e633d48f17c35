"""District parameters: POLICY.md's defaults, and refusal of impossible settings."""

from decimal import Decimal

import pytest

from shangcheng import rules


def test_defaults_are_the_documents():
    params = rules.DEFAULT_PARAMS
    assert params.monthly_fee is None
    assert dict(params.weights) == {"ability": 25, "quality": 25, "results": 25, "conduct": 25}
    assert (params.excellent, params.qualified, params.basic) == (90, 75, 60)
    assert params.funding_floor == Decimal("0.20")
    assert (params.engagement_min_years, params.agreement_max_years) == (3, 1)


def test_dimensions_carry_the_four_appraisal_labels():
    assert [d.label for d in rules.Dimension] == ["履职能力", "专业素质", "工作实绩", "作风表现"]


def test_weights_cannot_be_edited_after_the_fact():
    with pytest.raises(TypeError):
        rules.DEFAULT_PARAMS.weights["ability"] = 100


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weights": {"ability": 25, "quality": 25, "results": 25, "conduct": 24}},
        {"weights": {"ability": 50, "quality": 50}},
        {"weights": {"ability": 50, "quality": 50, "results": 25, "conduct": -25}},
        {"excellent": 70},  # below qualified
        {"basic": -1, "qualified": 0, "excellent": 1},
        {"excellent": 101},
        {"funding_floor": Decimal("1.01")},
        {"funding_floor": Decimal("-0.01")},
        {"monthly_fee": Decimal("-1")},
        {"engagement_min_years": -1},
        {"agreement_max_years": 0},
    ],
)
def test_impossible_parameters_are_refused(kwargs):
    with pytest.raises(ValueError):
        rules.DistrictParams(**kwargs)


def test_decimal_weights_summing_to_100_are_accepted():
    weights = {
        "ability": Decimal("33.4"),
        "quality": Decimal("33.3"),
        "results": Decimal("33.3"),
        "conduct": 0,
    }
    assert rules.DistrictParams(weights=weights).weights["conduct"] == 0


def test_target_words_and_the_share_sentinel_are_read_only_data():
    assert rules.SHARE == "share" and rules.ALL == "all"
    assert rules.TARGETS[2025]["T4"] == rules.SHARE
    assert {year: dict(words) for year, words in rules.TARGET_WORDS.items()} == {
        2022: {"T5": "国家、省、市级社工督导"},
        2023: {"T5": "省、市级社工督导"},
        2025: {"T5": "国家、省、市级社工督导"},
    }
    with pytest.raises(TypeError):
        rules.TARGET_WORDS[2023]["T5"] = "市级社工督导"
