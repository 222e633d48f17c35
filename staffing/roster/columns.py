"""The roster workbook's format: its sheet, its limits, its columns and how a cell is read.

The headers and the pick lists are data of the Excel format, not UI text: Chinese whatever
the user's language. The pick lists are the Chinese labels of the rules' and the models'
own choices (posts from ``rules.Post``, genders from ``Person.Gender``, certificate levels
from ``Certificate.Level``), so the template follows them.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.escape import unescape

from shangcheng import rules
from shangcheng.xlsx import FORMULA_START, MB

from ..models import PERSON_FIELDS, Certificate, Person
from ..validators import (
    normalise_id_number,
    normalise_mobile,
    validate_past_date,
    validate_person_name,
    validate_plausible_date,
)

SHEET = "人员名册"
NOTES_SHEET = "填写说明"
MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 10 * MB  # SECURITY.md

# Every column is one line: tab and line breaks are refused along with control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class CellError(Exception):
    """One cell's problem, in Chinese; the caller adds row and column."""


def text(value, *, formula_check: bool = True) -> str:
    """A text cell: numbers become their digits; control characters and formulas refused.

    ``formula_check`` is off for the ID number and the mobile: they are normalised to digits
    and checked for shape, so ``+86 138…`` is a country code there, not a formula.
    """
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        raise CellError(_("Enter text here, not a date."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Excel writes control characters as _xHHHH_ escapes; read them as Excel shows them.
    value = unescape(str(value)).strip()
    if _CONTROL.search(value):
        raise CellError(_("Contains control characters or line breaks; remove them."))
    if formula_check and value.startswith(FORMULA_START):
        message = _("Starts with %(char)s, which a spreadsheet reads as a formula.")
        raise CellError(message % {"char": value[0]})
    return value


def _checked(validator, value):
    """``value`` if ``validator`` (one of ``staffing.validators``, as the form's) passes it."""
    try:
        validator(value)
    except ValidationError as e:
        raise CellError(e.messages[0]) from None
    return value


def name(value) -> str:
    value = text(value)
    return _checked(validate_person_name, value) if value else value


def id_number(value) -> str:
    if isinstance(value, int | float):
        raise CellError(_("Enter the ID number as text: Excel rounds long numbers."))
    return normalise_id_number(text(value, formula_check=False))


def mobile(value) -> str:
    """A mobile, normalised as the person form does (``+86``, spaces, full-width digits)."""
    return normalise_mobile(text(value, formula_check=False))


def a_date(value, *, past: bool = True) -> date | None:
    """An Excel date or ``YYYY-MM-DD`` text; ``past`` dates may not lie after today."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str) and (match := _DATE.match(value.strip())):
        try:
            value = date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(_("This date does not exist.")) from None
    elif not isinstance(value, date):
        raise CellError(_("Enter a date as YYYY-MM-DD or as an Excel date."))
    return _checked(validate_past_date if past else validate_plausible_date, value)


def any_date(value) -> date | None:
    """A date that may lie ahead (the start of a post)."""
    return a_date(value, past=False)


def chinese_labels(choices) -> dict[str, str]:
    """Label → value of ``(value, label)`` choices, the labels in Chinese."""
    with translation.override("zh-hans"):
        return {str(label): value for value, label in choices}


GENDERS = chinese_labels(Person.Gender.choices)
POSTS = chinese_labels(rules.Post.choices())
CERT_LEVELS = chinese_labels(Certificate.Level.choices)
YES_NO = {"是": True, "否": False}


@dataclass(frozen=True)
class Column:
    key: str  # the attribute of a row (``checks.RowData``)
    header: str  # the Chinese header of the template, without the "*" of required columns
    required: bool
    note: str  # the explanation on the sheet 填写说明
    convert: Callable = text  # cell value → value, or CellError
    choices: Mapping | None = None  # label → value: the pick list of the column
    field: str = ""  # the model field it fills, where that is not named ``key``

    def read(self, value):
        """The cell's value, converted; ``CellError`` says what is wrong with it."""
        if self.choices is None:
            return self.convert(value)
        value = text(value)
        if value and value not in self.choices:
            raise CellError(_("Choose one of: %(choices)s.") % {"choices": "、".join(self.choices)})
        return self.choices.get(value)

    @property
    def dated(self) -> bool:
        return self.convert in (a_date, any_date)


def _either(choices) -> str:
    return " 或 ".join(choices)


COLUMNS = (
    Column("name", "姓名", True, "与身份证一致，不超过 50 字", name),
    Column("gender", "性别", True, f"{_either(GENDERS)}，须与身份证号一致", choices=GENDERS),
    Column("id_number", "身份证号", True, "18 位，末位可为 X，以文本格式填写", id_number),
    Column(
        "mobile",
        "手机号",
        False,
        "11 位中国大陆手机号，可带 +86；更新时留空则保留原值",
        mobile,
    ),
    Column("birth_date", "出生日期", False, "YYYY-MM-DD；留空则取身份证号中的日期", a_date),
    Column("community_work_since", "社区工作起始日期", False, "YYYY-MM-DD", a_date),
    Column(
        "social_work_degree",
        "社会工作专业学历",
        False,
        f"{_either(YES_NO)}：社会工作专业大专及以上学历（W1）；更新时留空则保留原值",
        choices=YES_NO,
    ),
    Column("unit", "单位", True, "本街道工作站或社区工作室的全称，与系统中一致"),
    Column("post", "岗位", True, "/".join(POSTS), choices=POSTS),
    Column(
        "full_time", "专职", True, f"{_either(YES_NO)}（否：混合运营下兼任的站长）", choices=YES_NO
    ),
    Column("start", "任职开始日期", True, "YYYY-MM-DD；已登记的岗位不重复登记", any_date),
    Column(
        "cert_level", "证书等级", False, "/".join(CERT_LEVELS), choices=CERT_LEVELS, field="level"
    ),
    Column("cert_number", "证书编号", False, "填写证书等级时必填", field="number"),
    Column(
        "cert_issued",
        "发证日期",
        False,
        "YYYY-MM-DD；填写证书等级时必填",
        a_date,
        field="issued_on",
    ),
)
HEADER = {c.key: c.header for c in COLUMNS}
# Model field → column key: errors of the models and the services name their column.
FIELD_KEYS = {c.field or c.key: c.key for c in COLUMNS}
# A person's own fields (those of the person form), in the order of the columns.
PERSON_KEYS = tuple(c.key for c in COLUMNS if c.key in PERSON_FIELDS)
