"""The roster workbook's columns; the checks of one row (``read_row``, no queries) and of
each row against the street and the rows before it (``RowContext``, a fixed number of
queries). Every problem is a ``RowError`` naming row and column: the preview lists them all.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils.escape import unescape

from shangcheng import rules
from stations.models import Unit

from .masking import mask_id_number
from .models import Certificate, Person, Post
from .services import s4_conflict_message


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Chinese header of the template, without the "*" of required columns
    required: bool
    convert: Callable  # cell value → value, or CellError
    note: str  # the explanation on the sheet 填写说明


PERSON_FIELDS = ("name", "gender", "id_number", "mobile", "birth_date", "community_work_since")
# Model field → column key: errors of the models and the services name their column.
_CERT_FIELDS = {"level": "cert_level", "number": "cert_number", "issued_on": "cert_issued"}
FIELD_KEYS = {f: f for f in (*PERSON_FIELDS, "unit", "post", "full_time", "start")} | _CERT_FIELDS
# Every column is one line: tab and line breaks are refused along with control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class CellError(Exception):
    """One cell's problem, in Chinese; the caller adds row and column."""


@dataclass(frozen=True)
class RowError:
    row: int | None  # as Excel shows it; None for a problem of the whole file
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        params = {"row": self.row, "column": self.column, "message": self.message}
        return _("Row %(row)s, “%(column)s”: %(message)s") % params


@dataclass
class RowData:
    number: int
    name: str = ""
    gender: str | None = None
    id_number: str = ""
    mobile: str = ""
    birth_date: date | None = None
    community_work_since: date | None = None
    unit: str = ""
    post: str | None = None
    full_time: bool | None = None
    start: date | None = None
    cert_level: str | None = None
    cert_number: str = ""
    cert_issued: date | None = None

    def person_fields(self) -> dict:
        return {f: getattr(self, f) for f in PERSON_FIELDS}


def text(value) -> str:
    """A text cell: numbers become their digits; control characters and formulas refused."""
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
    if value.startswith(_FORMULA_START):
        message = _("Starts with %(char)s, which a spreadsheet reads as a formula.")
        raise CellError(message % {"char": value[0]})
    return value


def name(value) -> str:
    value = text(value)
    if any(c.isdigit() for c in value):
        raise CellError(_("A name contains no digits."))
    return value


def id_number(value) -> str:
    if isinstance(value, int | float):
        raise CellError(_("Enter the ID number as text: Excel rounds long numbers."))
    return text(value).upper()


def choice(mapping: dict):
    def convert(value):
        value = text(value)
        if value and value not in mapping:
            raise CellError(_("Choose one of: %(choices)s.") % {"choices": "、".join(mapping)})
        return mapping.get(value)

    return convert


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
    latest = timezone.localdate() if past else date(2100, 12, 31)
    if not date(1900, 1, 1) <= value <= latest:
        raise CellError(_("Enter a date from 1900-01-01 up to %(latest)s.") % {"latest": latest})
    return value


# The headers and the values are data of the Excel format, not UI text: Chinese always.
GENDERS = {"男": Person.Gender.MALE, "女": Person.Gender.FEMALE}
YES_NO = {"是": True, "否": False}
POSTS = {  # the labels of rules.Post
    "站长": "head",
    "副站长": "deputy",
    "专职社工": "social_worker",
    "运营督导": "operating_supervisor",
    "社会工作岗社工": "workroom_social_worker",
}
CERT_LEVELS = {
    "助理社会工作师": Certificate.Level.ASSISTANT,
    "社会工作师": Certificate.Level.INTERMEDIATE,
    "高级社会工作师": Certificate.Level.SENIOR,
}
_post, _gender, _yes_no = choice(POSTS), choice(GENDERS), choice(YES_NO)
_level, _start = choice(CERT_LEVELS), partial(a_date, past=False)
COLUMNS = (
    Column("name", "姓名", True, name, "与身份证一致，不超过 50 字"),
    Column("gender", "性别", True, _gender, "男 或 女，须与身份证号一致"),
    Column("id_number", "身份证号", True, id_number, "18 位，末位可为 X，以文本格式填写"),
    Column("mobile", "手机号", False, text, "11 位中国大陆手机号；更新时留空则保留原值"),
    Column("birth_date", "出生日期", False, a_date, "YYYY-MM-DD；留空则取身份证号中的日期"),
    Column("community_work_since", "社区工作起始日期", False, a_date, "YYYY-MM-DD"),
    Column("unit", "单位", True, text, "本街道工作站或社区工作室的全称，与系统中一致"),
    Column("post", "岗位", True, _post, "站长/副站长/专职社工/运营督导/社会工作岗社工"),
    Column("full_time", "专职", True, _yes_no, "是 或 否（否：混合运营下兼任的站长）"),
    Column("start", "任职开始日期", True, _start, "YYYY-MM-DD；已登记的岗位不重复登记"),
    Column("cert_level", "证书等级", False, _level, "助理社会工作师/社会工作师/高级社会工作师"),
    Column("cert_number", "证书编号", False, text, "填写证书等级时必填"),
    Column("cert_issued", "发证日期", False, a_date, "YYYY-MM-DD；填写证书等级时必填"),
)
HEADER = {c.key: c.header for c in COLUMNS}


def read_row(number: int, values) -> tuple[RowData, list[RowError]]:
    """Convert and check the cells of one row; no queries."""
    row = RowData(number=number)
    problems: list[tuple[str, str]] = []
    for column, value in zip(COLUMNS, values, strict=True):
        try:
            converted = column.convert(value)
        except CellError as e:
            problems.append((column.key, str(e)))
            continue
        if column.required and converted in (None, ""):
            problems.append((column.key, _("Required.")))
        elif converted is not None:
            setattr(row, column.key, converted)
    failed = {key for key, __ in problems}
    problems += _person_problems(row, failed)
    problems += _certificate_problems(row, failed)
    return row, [RowError(number, HEADER.get(key, ""), message) for key, message in problems]


def _model_problems(instance, *, exclude) -> list[tuple[str, str]]:
    """The model's own field validation (lengths, ID check digit, mobile pattern)."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as e:
        return error_problems(e)
    return []


def error_problems(error: ValidationError) -> list[tuple[str, str]]:
    """A model's or a service's ``ValidationError`` as (column key, message) pairs."""
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    items = error.message_dict.items()
    return [(FIELD_KEYS.get(f, ""), message) for f, messages in items for message in messages]


def _person_problems(row: RowData, failed: set) -> list[tuple[str, str]]:
    problems = _model_problems(Person(**row.person_fields()), exclude=[*failed, "street"])
    if "id_number" in failed or any(key == "id_number" for key, __ in problems):
        return problems
    # GB 11643: digits 7–14 are the birth date, the 17th is odd for men.
    born = date(int(row.id_number[6:10]), int(row.id_number[10:12]), int(row.id_number[12:14]))
    if row.birth_date is None and "birth_date" not in failed:
        row.birth_date = born
    elif row.birth_date is not None and row.birth_date != born:
        message = _("Differs from the birth date in the ID number (%(date)s).")
        problems.append(("birth_date", message % {"date": born.isoformat()}))
    male = int(row.id_number[16]) % 2 == 1
    if row.gender and (row.gender == Person.Gender.MALE) != male:
        problems.append(("gender", _("Differs from the gender the ID number gives.")))
    return problems


def _certificate_problems(row: RowData, failed: set) -> list[tuple[str, str]]:
    keys = ("cert_level", "cert_number", "cert_issued")
    given = [key for key in keys if getattr(row, key) not in (None, "")]
    if failed & set(keys) or not given:
        return []
    if len(given) < len(keys):
        missing = next(key for key in keys if key not in given)
        return [(missing, _("Fill in the certificate level, number and issue date together."))]
    certificate = Certificate(level=row.cert_level, number=row.cert_number)
    certificate.issued_on = row.cert_issued
    return _model_problems(certificate, exclude=["person"])


@dataclass
class PlanRow:
    """A valid row and what applying it does."""

    data: RowData
    unit: Unit
    person: Person | None  # on the street's roster already; None: this file creates them
    changes: dict  # fields of an existing person that this row changes
    first_row: int | None  # an earlier row of the file for the same person
    add_certificate: bool
    add_post: bool

    @property
    def action(self) -> str:
        if self.person is None and self.first_row is None:
            return "create"
        if self.changes or self.add_certificate or self.add_post:
            return "update"
        return "unchanged"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.data.id_number)

    @property
    def post_label(self) -> str:
        return next(label for label, code in POSTS.items() if code == self.data.post)

    def stint(self) -> rules.PostStint:
        d = self.data
        return rules.PostStint(str(self.unit.pk), d.post, d.full_time, d.start)


class RowContext:
    """Checks each row against the street and the rows before it; remembers the valid ones."""

    def __init__(self, *, units, people, own, posts, certificates):
        self.units = defaultdict(list)
        for unit in units:
            self.units[unit.name].append(unit)
        self.people, self.own, self.posts, self.certificates = people, own, posts, certificates
        self.seen: dict[str, PlanRow] = {}
        self.planned_posts = defaultdict(list)  # ID number → [(row, stint)]
        self.planned_certificates: dict[tuple, tuple] = {}  # (level, number) → (row, ID number)

    @classmethod
    def load(cls, rows: list[RowData], *, units, roster) -> "RowContext":
        """Five queries: units, people, the roster's share of them, their posts, certificates."""
        ids = {row.id_number for row in rows if row.id_number}
        # ID numbers are unique in the district: someone on another street's roster is found
        # here only to be refused, and nothing of them is shown.
        people = {p.id_number: p for p in Person.objects.filter(id_number__in=ids)}
        own = set(roster.filter(id_number__in=ids).values_list("pk", flat=True))
        posts = defaultdict(list)
        for post in Post.objects.filter(person__in=people.values()).select_related("unit"):
            posts[post.person_id].append(post)
        numbers = {row.cert_number for row in rows if row.cert_number}
        found = Certificate.objects.filter(number__in=numbers)
        found = found.values_list("level", "number", "person_id")
        certificates = {(level, number): person for level, number, person in found}
        return cls(units=units, people=people, own=own, posts=posts, certificates=certificates)

    def check(self, row: RowData, *, remember=True) -> tuple[PlanRow | None, list[RowError]]:
        """``remember`` is off for a row whose cells are wrong: later rows do not build on it."""
        problems: list[tuple[str, str]] = []
        unit = self._unit(row, problems)
        person, changes, first_row = self._person(row, problems)
        add_certificate = self._certificate(row, person, problems)
        add_post = unit is not None and self._post(row, unit, person, problems)
        if problems or not remember:
            return None, [RowError(row.number, HEADER[key], message) for key, message in problems]
        plan = PlanRow(row, unit, person, changes, first_row, add_certificate, add_post)
        self.seen.setdefault(row.id_number, plan)
        if add_certificate:
            key = (row.cert_level, row.cert_number)
            self.planned_certificates[key] = (row.number, row.id_number)
        if add_post:
            self.planned_posts[row.id_number].append((row.number, plan.stint()))
        return plan, []

    def _unit(self, row, problems) -> Unit | None:
        matches = self.units.get(row.unit, [])
        if row.unit and not matches:
            problems.append(("unit", _("Does not belong to this street: no unit of this name.")))
        elif len(matches) > 1:
            problems.append(("unit", _("Two units of this street have this name.")))
        if len(matches) != 1:
            return None
        try:  # the post must exist at the unit's kind
            if row.post is not None:
                Post(unit=matches[0], post=row.post, start=row.start or date.min).clean()
        except ValidationError as e:
            problems.extend(("post", message) for message in e.messages)
            return None
        return matches[0]

    def _person(self, row, problems) -> tuple[Person | None, dict, int | None]:
        if (first := self.seen.get(row.id_number)) is not None:
            message = _("Differs from row %(row)s of the same ID number.")
            for key in PERSON_FIELDS:
                if getattr(row, key) not in (None, "", getattr(first.data, key)):
                    problems.append((key, message % {"row": first.data.number}))
            return first.person, {}, first.data.number
        person = self.people.get(row.id_number)
        if person is not None and person.pk not in self.own:
            problems.append(("id_number", _("This person is on another street's roster.")))
        if person is None or person.pk not in self.own:
            return None, {}, None
        fields = row.person_fields().items()
        changes = {k: v for k, v in fields if v not in (None, "") and getattr(person, k) != v}
        return person, changes, None

    def _certificate(self, row, person, problems) -> bool:
        key = (row.cert_level, row.cert_number)
        owner = self.certificates.get(key)
        earlier_row, earlier_id = self.planned_certificates.get(key, (None, None))
        if row.cert_level is None or owner is not None or earlier_row is not None:
            if owner is not None and (person is None or owner != person.pk):
                problems.append(("cert_number", _("Recorded for another person already.")))
            elif earlier_row is not None and earlier_id != row.id_number:
                message = _("Row %(row)s has this certificate for another person.")
                problems.append(("cert_number", message % {"row": earlier_row}))
            return False
        return True

    def _post(self, row, unit, person, problems) -> bool:
        if row.post is None or row.start is None or row.full_time is None:
            return False
        held = self.posts.get(person.pk, []) if person is not None else []
        if any((p.unit_id, p.post, p.start) == (unit.pk, row.post, row.start) for p in held):
            return False  # already on record: importing the same file again changes nothing
        new = rules.PostStint(str(unit.pk), row.post, row.full_time, row.start)
        planned = self.planned_posts[row.id_number]
        if any(stint == new for __, stint in planned):
            return False
        clashing = rules.dedicated_post_conflicts([p.stint() for p in held], new)
        if clashing:  # the words post_assign will use at apply time
            post = Post(person=Person(name=row.name), unit=unit, post=row.post, start=row.start)
            conflicts = [p for p in held if p.stint() in clashing]
            problems.append(("start", s4_conflict_message(post, conflicts)))
        rows = [n for n, stint in planned if rules.dedicated_post_conflicts([stint], new)]
        if rows:
            message = _("S4 (§4(3)) one person, one post: overlaps the post of row %(row)s.")
            problems.append(("start", message % {"row": rows[0]}))
        return not clashing and not rows
