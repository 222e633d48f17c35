"""The projects workbook's format: its two sheets, its limits, its columns and how a cell
is read.

The headers and the pick lists are data of the Excel format, not UI text: Chinese whatever
the user's language. The pick lists are the rules' own Chinese labels (project categories
by unit kind from ``rules.project_categories``, focus areas from ``rules.FOCUS_AREAS``),
so the template follows them; the funding sources are ``Project.Source``'s, named as the
district names them.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils.escape import unescape

from shangcheng import rules
from shangcheng.xlsx import FORMULA_START, MB

from ..models import Project

PROJECT_SHEET = "项目"
FUNDING_SHEET = "经费"
NOTES_SHEET = "填写说明"
MAX_ROWS = 2000  # data rows of both sheets together; the preview signs them all
MAX_UPLOAD_BYTES = 5 * MB  # within SECURITY.md's 10 MB: 2,000 rows are far below 1 MB
FIRST_YEAR, LAST_YEAR = 2022, 2100
FOCUS_SEPARATOR = "、"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_YEAR = re.compile(r"^\d{4}$")
# An amount fits the models' MONEY: 14 digits, 2 of them after the point.
MAX_MONEY = Decimal("999999999999.99")


class CellError(Exception):
    """One cell's problem; the caller adds sheet, row and column."""


def text(value) -> str:
    """A text cell: numbers become their digits; control characters and formulas refused."""
    if value is None:
        return ""
    if isinstance(value, datetime | date | time):
        raise CellError(_("Enter text here, not a date."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Excel writes control characters as _xHHHH_ escapes; read them as Excel shows them.
    value = unescape(str(value)).strip()
    if _CONTROL.search(value):
        raise CellError(_("Contains control characters or line breaks; remove them."))
    if value.startswith(FORMULA_START):
        message = _("Starts with %(char)s, which a spreadsheet reads as a formula.")
        raise CellError(message % {"char": value[0]})
    return value


def year(value) -> int | None:
    """A year from 2022 to 2100, as a number or as four digits of text."""
    if isinstance(value, bool):
        raise CellError(_("Enter a year such as 2025."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        value = text(value)
        if not value:
            return None
        if not _YEAR.match(value):
            raise CellError(_("Enter a year such as 2025."))
        value = int(value)
    if not FIRST_YEAR <= value <= LAST_YEAR:
        message = _("Enter a year from %(first)s to %(last)s.")
        raise CellError(message % {"first": FIRST_YEAR, "last": LAST_YEAR})
    return value


def money(value) -> Decimal | None:
    """Yuan with at most two decimals, zero or more; a number or its digits as text (a
    thousands comma is allowed)."""
    if isinstance(value, bool):
        raise CellError(_("Enter an amount in yuan, such as 50000.00."))
    if isinstance(value, int | float):
        value = str(value)  # a float's shortest form is what the cell shows
    elif isinstance(value, str) and _NUMBER.match(value.strip().lstrip("-").replace(",", "")):
        value = value.strip().replace(",", "")  # "-5" is a negative amount, not a formula
    else:
        value = text(value).replace(",", "")
        if not value:
            return None
    if value.startswith("-"):
        raise CellError(_("Enter an amount of zero or more."))
    if not _NUMBER.match(value):
        raise CellError(_("Enter an amount in yuan, such as 50000.00."))
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise CellError(_("Enter an amount in yuan, such as 50000.00.")) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError(_("Enter at most two decimals (fen)."))
    if amount > MAX_MONEY:
        raise CellError(_("The amount is too large."))
    return amount.quantize(Decimal("0.01"))


def focus_areas(value) -> list[str]:
    """L3 focus areas by their Chinese labels, separated by 、 (codes, in the order given)."""
    labels = [part.strip() for part in text(value).split(FOCUS_SEPARATOR)]
    labels = [label for label in labels if label]
    unknown = [label for label in labels if label not in FOCUS_AREAS]
    if unknown:
        message = _("Unknown focus area “%(area)s”: choose from %(choices)s, separated by 、.")
        raise CellError(message % {"area": unknown[0], "choices": "、".join(FOCUS_AREAS)})
    return list(dict.fromkeys(FOCUS_AREAS[label] for label in labels))


def category_labels(unit_kind: str) -> dict[str, str]:
    """Label → code of the project categories a station or a workroom uses (P1/P2)."""
    return {spec.label: code for code, spec in rules.project_categories(unit_kind).items()}


STATION_CATEGORIES = category_labels(rules.UnitKind.STATION)
WORKROOM_CATEGORIES = category_labels(rules.UnitKind.WORKROOM)
# Every category label; whether it fits the row's unit is checked once the unit is known.
CATEGORIES = {**STATION_CATEGORIES, **WORKROOM_CATEGORIES}
FOCUS_AREAS = {label: code for code, label in rules.FOCUS_AREAS.items()}
SOURCES = {
    "公益创投": Project.Source.VENTURE_FUND.value,
    "政府购买服务": Project.Source.PURCHASE.value,
    "区级预算": Project.Source.DISTRICT_BUDGET.value,
    "其他": Project.Source.OTHER.value,
}
# G3: the domain of a government purchase of service (the codes of the project form's
# ``PurchaseDomain``; a test keeps them equal).
PURCHASE_DOMAINS = {
    "妇女": "women",
    "儿童": "children",
    "养老": "elderly",
    "优抚": "preferential_care",
    "慈善": "charity",
    "社区治理": "community_governance",
}
YES_NO = {"是": True, "否": False}


@dataclass(frozen=True)
class Column:
    key: str  # the attribute of a row (``checks.ProjectRow`` / ``checks.FundingRow``)
    header: str  # the Chinese header of the template, without the "*" of required columns
    required: bool
    note: str  # the explanation on the sheet 填写说明
    convert: Callable = text  # cell value → value, or CellError
    choices: Mapping | None = None  # label → value: the pick list of the column
    field: str = ""  # the model field it fills, where that is not named ``key``
    example: str = ""  # the template's example row

    def read(self, value):
        """The cell's value, converted; ``CellError`` says what is wrong with it."""
        if self.choices is None:
            return self.convert(value)
        value = text(value)
        if value and value not in self.choices:
            raise CellError(_("Choose one of: %(choices)s.") % {"choices": "、".join(self.choices)})
        return self.choices.get(value)


def _either(choices) -> str:
    return " 或 ".join(choices)


PROJECT_COLUMNS = (
    Column(
        "unit",
        "单位",
        True,
        "本街道工作站或社区工作室的全称，与系统中一致",
        example="杭州市上城区某某街道社会工作站",
    ),
    Column("name", "项目名称", True, "不超过 100 字", example="邻里守望计划"),
    Column(
        "category",
        "类别",
        True,
        f"工作站：{'/'.join(STATION_CATEGORIES)}；工作室：{'/'.join(WORKROOM_CATEGORIES)}",
        choices=CATEGORIES,
        example="组团项目",
    ),
    Column("first_year", "起始年度", True, "四位年份，2022–2100", year, example="2025"),
    Column("last_year", "结束年度", False, "四位年份；留空表示持续开展", year),
    Column(
        "focus_areas",
        "关注领域",
        False,
        f"可多选，用“、”分隔：{'、'.join(FOCUS_AREAS)}",
        focus_areas,
        example="一老一小、社区居民自治",
    ),
    Column(
        "partners", "合作部门和社会力量", False, "不超过 300 字", example="区民政局、某某社会组织"
    ),
    Column("budget", "预算（元）", False, "金额，最多两位小数", money, example="50000.00"),
    Column("source", "资金来源", False, "/".join(SOURCES), choices=SOURCES, example="公益创投"),
    Column(
        "purchase_domain",
        "购买服务领域",
        False,
        f"资金来源为政府购买服务时必填（G3）：{'/'.join(PURCHASE_DOMAINS)}",
        choices=PURCHASE_DOMAINS,
    ),
    Column(
        "declared_non_administrative",
        "是否声明非行政性事务",
        True,
        f"{_either(YES_NO)}：声明本项目不属于街道行政性事务（P3）",
        choices=YES_NO,
        example="是",
    ),
)
FUNDING_COLUMNS = (
    Column("year", "年度", True, "四位年份，2022–2100", year, example="2025"),
    Column(
        "venture_fund",
        "公益创投资金总额（元）",
        False,
        "本街道该年度的公益创投资金；该年度尚未登记时必填，已登记时填写则更新",
        money,
        example="1000000.00",
    ),
    Column(
        "project_name",
        "购买项目名称",
        False,
        "本街道工作站该年度开展的项目（可为本文件“项目”表中的项目），每个项目每年一行",
        example="邻里守望计划",
    ),
    Column(
        "amount",
        "购买金额（元）",
        False,
        "填写购买项目名称时必填，大于零",
        money,
        example="200000.00",
    ),
)
SHEETS = {PROJECT_SHEET: PROJECT_COLUMNS, FUNDING_SHEET: FUNDING_COLUMNS}
PROJECT_HEADER = {c.key: c.header for c in PROJECT_COLUMNS}
FUNDING_HEADER = {c.key: c.header for c in FUNDING_COLUMNS}
# Model field → column key: errors of the models and the services name their column.
PROJECT_FIELDS = {c.field or c.key: c.key for c in PROJECT_COLUMNS}
FUNDING_FIELDS = {
    "year": "year",
    "venture_fund": "venture_fund",
    "project": "project_name",
    "amount": "amount",
}
