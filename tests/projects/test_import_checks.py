"""The projects workbook's cells and rows, checked without the database: years, amounts,
text, pick lists, the row checks and the signed payload's round trip."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from projects.importing import columns
from projects.importing.checks import (
    FundingRow,
    ProjectRow,
    as_payload,
    from_payload,
    read_funding_row,
    read_project_row,
)
from projects.importing.columns import PROJECT_COLUMNS, CellError
from projects.services.projects import PurchaseDomain
from shangcheng import rules


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2022, 2022), (2100, 2100), ("2025", 2025), (2025.0, 2025), (" 2030 ", 2030), (None, None)],
)
def test_a_year_from_2022_to_2100_as_number_or_text(value, expected):
    assert columns.year(value) == expected


@pytest.mark.parametrize(
    "value", [2021, 2101, "2021", "25", "二〇二五", 2025.5, True, date(2025, 1, 1), "=2025"]
)
def test_a_year_outside_or_not_a_year_is_refused(value):
    with pytest.raises(CellError):
        columns.year(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", Decimal("0.00")),
        ("50000", Decimal("50000.00")),
        ("12,345.67", Decimal("12345.67")),
        (1234.5, Decimal("1234.50")),
        (0.1, Decimal("0.10")),
        (80000, Decimal("80000.00")),
        ("999999999999.99", Decimal("999999999999.99")),
        ("", None),
    ],
)
def test_an_amount_in_yuan_with_at_most_two_decimals(value, expected):
    amount = columns.money(value)
    assert amount == expected
    assert amount is None or amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "value",
    ["12.345", "-1", "1e5", "NaN", "五万", "1000000000000.00", False, datetime(2025, 1, 1), 0.001],
)
def test_an_amount_that_is_not_yuan_and_fen_is_refused(value):
    with pytest.raises(CellError):
        columns.money(value)


@pytest.mark.parametrize(
    "value", ["=SUM(A1)", "+1", "-x", "@x", "a\nb", "a\x07b", date(2025, 1, 1)]
)
def test_text_refuses_formulas_control_characters_and_dates(value):
    with pytest.raises(CellError):
        columns.text(value)


def test_focus_areas_are_the_l3_labels_separated_by_the_enumeration_comma():
    assert columns.focus_areas("一老一小、 社区居民自治、一老一小") == [
        "elderly_young",
        "self_governance",
    ]
    assert columns.focus_areas(None) == []
    with pytest.raises(CellError):
        columns.focus_areas("一老一小，社区居民自治")  # a comma is not the separator
    with pytest.raises(CellError):
        columns.focus_areas("养老")


def test_the_pick_lists_follow_the_rules_and_the_models():
    assert set(columns.STATION_CATEGORIES.values()) == set(rules.project_categories("station"))
    assert set(columns.WORKROOM_CATEGORIES.values()) == set(rules.project_categories("workroom"))
    assert set(columns.FOCUS_AREAS.values()) == set(rules.FOCUS_AREAS)
    assert set(columns.PURCHASE_DOMAINS.values()) == set(PurchaseDomain.values)
    assert set(columns.SOURCES.values()) == {"venture_fund", "purchase", "district_budget", "other"}


def _project_cells(**cells) -> list:
    values = {
        "unit": "某站",
        "name": "邻里守望",
        "category": "组团项目",
        "first_year": "2025",
        "declared_non_administrative": "否",
        **cells,
    }
    return [values.get(c.key) for c in PROJECT_COLUMNS]


def test_a_good_project_row_reads_into_codes():
    row, errors = read_project_row(7, _project_cells(source="政府购买服务", purchase_domain="养老"))
    assert errors == []
    assert (row.number, row.category, row.first_year, row.source, row.purchase_domain) == (
        7,
        "cluster",
        2025,
        "purchase",
        "elderly",
    )
    assert row.declared_non_administrative is False


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"name": "名" * 101}, "项目名称"),
        ({"partners": "合" * 301}, "合作部门和社会力量"),
        ({"category": "重点项目"}, "类别"),
        ({"last_year": "2024"}, "结束年度"),
        ({"source": "政府购买服务"}, "购买服务领域"),
        ({"purchase_domain": "养老"}, "购买服务领域"),
        ({"declared_non_administrative": None}, "是否声明非行政性事务"),
        ({"unit": None}, "单位"),
    ],
)
def test_a_project_row_error_names_sheet_row_and_column(cells, column):
    __, errors = read_project_row(4, _project_cells(**cells))
    assert [(e.sheet, e.row, e.column) for e in errors] == [("项目", 4, column)]


def test_the_last_year_may_equal_the_first():
    assert read_project_row(2, _project_cells(last_year=2025))[1] == []


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        (["2025", None, "甲", None], "购买金额（元）"),
        (["2025", None, None, "5"], "购买项目名称"),
        (["2025", None, "甲", "0"], "购买金额（元）"),
        (["2025", None, None, None], ""),
        ([None, "5", None, None], "年度"),
    ],
)
def test_a_funding_row_error_names_sheet_row_and_column(cells, column):
    __, errors = read_funding_row(9, cells)
    assert [(e.sheet, e.row, e.column) for e in errors] == [("经费", 9, column)]


def test_rows_travel_through_the_payload_unchanged():
    project, __ = read_project_row(3, _project_cells(budget="1.50", focus_areas="一老一小"))
    funding, __ = read_funding_row(4, ["2025", "100", "甲", "0.01"])
    assert from_payload(ProjectRow, as_payload(project)) == project
    assert from_payload(FundingRow, as_payload(funding)) == funding
    with pytest.raises(ValueError):
        from_payload(FundingRow, {**as_payload(funding), "street": 1})
