"""Issue #11's bad-input suite: every form page that takes a POST, and both imports, given
hostile values one field at a time (the other fields valid).

For each form page, as a persona allowed to use it, the form is fetched, its values kept,
the page's valid data laid over them, and then each visible field in turn receives each
hostile value relevant to its type: NUL and other control characters, 10,000 characters,
a leading ``=``, a right-to-left override, only a zero-width space, full-width digits,
``-1``, ``1e309``, ``NaN``, huge numbers, dates out of range or that do not exist, a choice
that does not exist and another street's record. Every answer is either the form shown
again with an error and nothing written, or — only for a value the field may take — a
redirect with a sane value stored. Never a 500.

Each post runs in a savepoint rolled back afterwards, so one accepted value does not change
what the next post sees. Failures are collected per page and reported together, each naming
the page, the field and the value.
"""

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django import forms
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.access import is_district
from projects.importing.columns import FUNDING_COLUMNS, PROJECT_COLUMNS
from projects.models import (
    Award,
    CaseStudy,
    Funding,
    PracticeBase,
    Project,
    Purchase,
    SiteBudget,
    StageRecord,
)
from shangcheng.forms import SUBMISSION_FIELD
from staffing.models import (
    Certificate,
    Person,
    Post,
    Qualification,
    RosterImport,
    StaffAppraisal,
)
from stations.models import ListItem, Recognition, School, SpecialStation, Unit, YearClosure
from supervision.models import AnnualAppraisal, DistrictParameters, MonthlyEvaluation
from tests.factories import (
    ListItemFactory,
    PersonFactory,
    PostFactory,
    RecognitionFactory,
    SchoolFactory,
    SpecialStationFactory,
)
from tests.projects.factories import CaseStudyFactory, ProjectFactory
from tests.staffing import roster_files
from tests.supervision.factories import (
    AnnualAppraisalFactory,
    AssignmentFactory,
    EvaluationFactory,
    SupervisorFactory,
)

LONG = "长" * 10_000
BIDI = "\u202e"
ZWSP = "\u200b"
HUGE = "99999999999999999999"
TEXT_VALUES = ["\x00", "a\x07b", LONG, "=1+1", f"{BIDI}abc", ZWSP]
NUMBER_VALUES = ["\x00", "９９９９", "-1", "1e309", "NaN", HUGE, "zzz"]
DATE_VALUES = ["\x00", "9999-12-31", "0001-01-01", "2026-02-30", "zzz", HUGE]
CHOICE_VALUES = ["\x00", "zzz", HUGE, "-1"]
# Never to be stored, whatever the field: refused, or accepted without them.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


class _Undo(Exception):
    """Raised to roll a savepoint back."""


def _snapshot(model_list):
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in model_list}


def _insane(value, field) -> str | None:
    """Why a stored value is not a sane one, or ``None``."""
    if isinstance(value, str):
        if FORBIDDEN.search(value):
            return "control or bidi character stored"
        if value and all(c.isspace() or unicodedata.category(c) == "Cf" for c in value):
            return "only invisible characters stored"
        if field is not None and field.max_length and len(value) > field.max_length:
            return f"{len(value)} characters stored, max_length {field.max_length}"
    elif isinstance(value, date):
        if not EARLIEST <= (value.date() if hasattr(value, "date") else value) <= LATEST:
            return f"date {value} stored"
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            return f"{value} stored"
        if value < 0 or value >= 10**13:
            return f"number {value} stored"
        if field is not None and field.name == "year" and not 1900 <= value <= 2100:
            return f"year {value} stored"
    return None


def _changes(before, after):
    """(model, field name, value) of every value added or changed."""
    for name, rows in after.items():
        old = {row["id"]: row for row in before[name]}
        for row in rows:
            prior = old.get(row["id"], {})
            for key, value in row.items():
                if key not in prior or prior[key] != value:
                    yield name, key, value


def _form_data(form) -> dict:
    """What a browser would send back for ``form`` as shown."""
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if value is None or (value == "" and not isinstance(widget, forms.HiddenInput)):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.name] = [str(v) for v in value]
        elif isinstance(value, date):
            data[bound.name] = widget.format_value(value)
        elif isinstance(value, models.Model):
            data[bound.name] = str(value.pk)
        else:
            data[bound.name] = str(value)
    return data


def _values_for(field) -> list[str]:
    if isinstance(field, forms.FileField | forms.BooleanField):
        return []
    if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return ["OUT_OF_SCOPE", *CHOICE_VALUES]
    if isinstance(field, forms.ChoiceField | forms.MultipleChoiceField):
        return CHOICE_VALUES
    if isinstance(field, forms.DateField):
        return DATE_VALUES
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return NUMBER_VALUES
    return TEXT_VALUES


def _has_error(content: str) -> bool:
    return "invalid-feedback" in content or "alert-danger" in content


def _model_field(model_list, name):
    for model in model_list:
        try:
            return model._meta.get_field(name)
        except Exception:  # noqa: S112 — not this model's field
            continue
    return None


def _post(client, url, data):
    """The response, or the exception a 500 would have been."""
    try:
        return client.post(url, data), None
    except Exception as exc:
        return None, exc


def _try(client, url, data, model_list):
    """Post inside a savepoint rolled back afterwards: (status, content, changes) or the
    exception."""
    outcome = {}
    try:
        with transaction.atomic():
            before = _snapshot(model_list)
            response, exc = _post(client, url, data)
            if exc is not None:
                outcome["exc"] = exc
            else:
                outcome["status"] = response.status_code
                outcome["content"] = response.content.decode(errors="replace")
                outcome["changes"] = list(_changes(before, _snapshot(model_list)))
            raise _Undo
    except _Undo:
        pass
    return outcome


@pytest.fixture
def pages(
    street, other_street, station, other_station, workroom, street_clerk, district_user, supervisor
):
    """Every form page: name → (user, POST URL, valid data, models it may write[, GET URL,
    context name of the form]), and another street's primary key by field name."""
    person = PersonFactory(street=street)
    post = PostFactory(person=person, unit=station, start=date(2023, 1, 1))
    profile = SupervisorFactory(user=supervisor, person__street=street)
    AssignmentFactory(supervisor=profile, unit=station)
    project = ProjectFactory(unit=station, first_year=2025)
    funding = Funding.objects.create(year=2025, street=street, venture_fund=Decimal("1000"))
    purchase = Purchase.objects.create(funding=funding, project=project, amount=100)
    award = Award.objects.create(title="优秀项目", level="district", year=2025, project=project)
    base = PracticeBase.objects.create(
        station=station, university="浙江大学", since=date(2023, 9, 1)
    )
    case = CaseStudyFactory(unit=station)
    recognition = RecognitionFactory(unit=workroom, year=2024)
    evaluation = EvaluationFactory(supervisor=profile, unit=station, month=date(2024, 1, 1))
    submitted = EvaluationFactory(
        supervisor=profile, unit=station, month=date(2024, 2, 1), status="submitted"
    )
    appraisal = AnnualAppraisalFactory(supervisor=profile, year=2024)
    month = timezone.localdate().replace(day=1) - timedelta(days=1)
    # Another street's records: "valid-looking but out of scope" primary keys.
    foreign = {
        "unit": other_station.pk,
        "street": other_street.pk,
        "project": ProjectFactory(unit=other_station).pk,
        "served_by": other_station.pk,
        "schools_served": SchoolFactory(street=other_street).pk,
    }
    r = reverse
    p = {
        "unit_edit": (street_clerk, r("stations:unit_edit", args=[station.pk]), {}, [Unit]),
        "list_item_add": (
            street_clerk,
            r("stations:list_item_add", args=[station.pk]),
            {"list": "needs", "title": "独居老人助餐"},
            [ListItem],
        ),
        "list_item_edit": (
            street_clerk,
            r("stations:list_item_edit", args=[ListItemFactory(unit=station).pk]),
            {},
            [ListItem],
        ),
        "special_station_add": (
            street_clerk,
            r("stations:special_station_add", args=[station.pk]),
            {"name": "禁毒专项工作站", "field": "禁毒"},
            [SpecialStation],
        ),
        "special_station_edit": (
            street_clerk,
            r("stations:special_station_edit", args=[SpecialStationFactory(station=station).pk]),
            {},
            [SpecialStation],
        ),
        "school_add": (
            street_clerk,
            r("stations:school_add", args=[street.pk]),
            {"name": "清波小学"},
            [School],
        ),
        "school_edit": (
            street_clerk,
            r("stations:school_edit", args=[SchoolFactory(street=street).pk]),
            {},
            [School],
        ),
        "recognition_add": (
            district_user,
            r("stations:recognition_add", args=[workroom.pk]),
            {"level": "provincial", "year": "2024", "title": "省级示范室"},
            [Recognition],
        ),
        "person_create": (
            street_clerk,
            r("staffing:person_create"),
            {
                "name": "新同事",
                "gender": "female",
                "id_number": PersonFactory.build(gender="female").id_number,
                "mobile": "13700001111",
                "community_work_since": "2018-03-01",
                "street": str(street.pk),
            },
            [Person],
        ),
        "person_edit": (street_clerk, r("staffing:person_edit", args=[person.pk]), {}, [Person]),
        "post_assign": (
            street_clerk,
            r("staffing:post_assign", args=[PersonFactory(street=street).pk]),
            {"unit": str(station.pk), "post": "head", "full_time": "on", "start": "2023-01-01"},
            [Post],
        ),
        "post_end": (  # POST only: its form is shown again when refused
            street_clerk,
            r("staffing:post_end", args=[post.pk]),
            {"end": "2024-06-30"},
            [Post],
            None,
            "form",
        ),
        "certificate_add": (
            street_clerk,
            r("staffing:certificate_add", args=[person.pk]),
            {"level": "intermediate", "number": "Z-9", "issued_on": "2022-05-01"},
            [Certificate],
        ),
        "qualification_add": (
            street_clerk,
            r("staffing:qualification_add", args=[person.pk]),
            {"kind": "leading_talent", "level": "municipal", "year": "2022"},
            [Qualification],
        ),
        "appraisal_record": (
            street_clerk,
            r("staffing:appraisal_record", args=[person.pk]),
            {"year": "2023", "grade": "excellent"},
            [StaffAppraisal],
        ),
        "evaluation_create": (
            supervisor,
            r("supervision:evaluation_create"),
            {
                "unit": str(station.pk),
                "month": f"{month:%Y-%m}",
                "sessions": "2",
                "hours": "4.0",
                "topics": "个案督导",
                "unit_score": "85",
                "workers_score": "80",
            },
            [MonthlyEvaluation],
        ),
        "evaluation_edit": (
            supervisor,
            r("supervision:evaluation_edit", args=[evaluation.pk]),
            {},
            [MonthlyEvaluation],
        ),
        "appraisal_edit": (
            district_user,
            r("supervision:appraisal_edit", args=[appraisal.pk]),
            {"ability": "80", "quality": "80", "results": "80", "conduct": "80"},
            [AnnualAppraisal],
        ),
        "parameters": (
            district_user,
            r("supervision:parameters") + "?year=2025",
            {},
            [DistrictParameters],
        ),
        "project_add": (
            street_clerk,
            r("projects:project_add", args=[station.pk]),
            {
                "name": "幸福食堂",
                "category": "cluster",
                "first_year": "2025",
                "reached_on": "2025-01-10",
                "evidence": "入户调研 50 户",
                "budget": "80000.00",
            },
            [Project, StageRecord],
        ),
        "project_edit": (
            street_clerk,
            r("projects:project_edit", args=[project.pk]),
            {},
            [Project, StageRecord],
        ),
        "case_add": (
            street_clerk,
            r("projects:case_add", args=[station.pk]),
            {"year": "2025", "title": "独居老人个案"},
            [CaseStudy],
        ),
        "case_edit": (
            street_clerk,
            r("projects:case_edit", args=[case.pk]),
            {},
            [CaseStudy],
        ),
        "funding_edit": (
            district_user,
            f"{r('projects:funding_edit')}?year=2026&street={street.pk}",
            {"venture_fund": "5000.00"},
            [Funding],
        ),
        "purchase_add": (
            street_clerk,
            r("projects:purchase_add", args=[funding.pk]),
            {"project": str(ProjectFactory(unit=station, first_year=2025).pk), "amount": "200.00"},
            [Purchase],
        ),
        "purchase_edit": (
            street_clerk,
            r("projects:purchase_edit", args=[purchase.pk]),
            {},
            [Purchase],
        ),
        "site_budget_edit": (
            district_user,
            r("projects:site_budget_edit", args=[station.pk, 2025]),
            {"amount": "300.00"},
            [SiteBudget],
        ),
        "award_add": (
            district_user,
            r("projects:award_add"),
            {"title": "优秀项目", "level": "municipal", "year": "2025", "project": str(project.pk)},
            [Award],
        ),
        "award_edit": (district_user, r("projects:award_edit", args=[award.pk]), {}, [Award]),
        "practice_base_add": (
            street_clerk,
            r("projects:practice_base_add", args=[station.pk]),
            {"university": "浙江工业大学", "since": "2024-03-01"},
            [PracticeBase],
        ),
        "practice_base_edit": (
            street_clerk,
            r("projects:practice_base_edit", args=[base.pk]),
            {},
            [PracticeBase],
        ),
    }
    # Forms posted from another page: (GET URL, context name of the form).
    shown_on = {
        "recognition_revoke": (
            district_user,
            r("stations:recognition_revoke", args=[recognition.pk]),
            {"revoked_on": "2025-01-01"},
            [Recognition],
        ),
        "evaluation_return": (
            district_user,
            r("supervision:evaluation_return", args=[submitted.pk]),
            {"comment": "请补充督导记录"},
            [MonthlyEvaluation],
            r("supervision:evaluation", args=[submitted.pk]),
            "return_form",
        ),
        "year_close": (
            district_user,
            r("stations:year_close"),
            {"year": "2024", "confirm": "on"},
            [YearClosure],
            r("stations:years"),
            "close_form",
        ),
    }
    p.update(shown_on)
    return p, foreign


PAGES = [
    "unit_edit",
    "list_item_add",
    "list_item_edit",
    "special_station_add",
    "special_station_edit",
    "school_add",
    "school_edit",
    "recognition_add",
    "recognition_revoke",
    "person_create",
    "person_edit",
    "post_assign",
    "post_end",
    "certificate_add",
    "qualification_add",
    "appraisal_record",
    "evaluation_create",
    "evaluation_edit",
    "evaluation_return",
    "appraisal_edit",
    "parameters",
    "year_close",
    "project_add",
    "project_edit",
    "case_add",
    "case_edit",
    "funding_edit",
    "purchase_add",
    "purchase_edit",
    "site_budget_edit",
    "award_add",
    "award_edit",
    "practice_base_add",
    "practice_base_edit",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_field_of_every_form_refuses_hostile_values(client_for, pages, page):
    table, foreign = pages
    user, url, valid, model_list, *shown = table[page]
    get_url, context_name = shown or (url, "form")
    client = client_for(user)
    if get_url is None:  # shown by posting nothing
        with transaction.atomic():
            shown_page = client.post(url, {"x": ""})
            transaction.set_rollback(True)
    else:
        shown_page = client.get(get_url)
    assert shown_page.status_code == 200, (page, shown_page.status_code)
    form = shown_page.context[context_name]
    base = {**_form_data(form), **valid}
    base.pop(SUBMISSION_FIELD, None)  # the client sends a fresh one with every post

    # The valid data alone is accepted: each refusal below is the hostile value's.
    sane = _try(client, url, base, model_list)
    assert sane.get("status") == 302, (page, sane.get("exc"), _errors(sane.get("content")))

    failures = []
    for bound in form.visible_fields():
        if bound.name == SUBMISSION_FIELD:
            continue
        for value in _values_for(bound.field):
            sent = foreign.get(bound.name, "1") if value == "OUT_OF_SCOPE" else value
            if value == "OUT_OF_SCOPE" and (bound.name not in foreign or is_district(user)):
                continue  # the district's scope is the whole district
            data = {**base, bound.name: [sent] if isinstance(base.get(bound.name), list) else sent}
            outcome = _try(client, url, data, model_list)
            where = f"{page}.{bound.name} = {value[:20]!r}"
            if "exc" in outcome:
                failures.append(f"{where}: 500 ({outcome['exc']!r})"[:300])
            elif outcome["status"] == 200:
                if not _has_error(outcome["content"]):
                    failures.append(f"{where}: 200 without an error shown")
                if outcome["changes"]:
                    failures.append(f"{where}: refused but wrote {outcome['changes'][:3]}")
            elif outcome["status"] == 302:
                if value == "OUT_OF_SCOPE":
                    failures.append(f"{where}: another street's record accepted")
                for model_name, key, stored in outcome["changes"]:
                    reason = _insane(stored, _model_field(model_list, key))
                    if reason:
                        failures.append(f"{where}: accepted, {model_name}.{key}: {reason}")
            else:
                failures.append(f"{where}: status {outcome['status']}")
    assert not failures, "\n".join(failures)


def _errors(content):
    if not content:
        return None
    return re.findall(r"invalid-feedback[^>]*>([^<]*)<|alert-danger[^>]*>\s*([^<]*)<", content)


# The audit log's filter (a GET form): nothing to write, but never a 500.

AUDIT_VALUES = {
    "event": TEXT_VALUES,
    "username": TEXT_VALUES,
    "result": CHOICE_VALUES,
    "since": DATE_VALUES,
    "until": DATE_VALUES,
}


def test_the_audit_filter_refuses_hostile_values_without_a_500(client_for, auditor):
    client = client_for(auditor)
    url = reverse("accounts:audit_log")
    failures = []
    for name, values in AUDIT_VALUES.items():
        for value in values:
            where = f"audit_log.{name} = {value[:20]!r}"
            try:
                with transaction.atomic():
                    response = client.get(url, {name: value})
            except Exception as exc:
                failures.append(f"{where}: 500 ({exc!r})"[:300])
                continue
            if response.status_code != 200:
                failures.append(f"{where}: status {response.status_code}")
            elif FORBIDDEN.search(value) and not _has_error(response.content.decode()):
                failures.append(f"{where}: shown without an error")
    assert not failures, "\n".join(failures)


# The imports: a workbook with the hostile values in every column.

CELL_VALUES = ["\x07x", LONG, f"{BIDI}abc", ZWSP, "９９９９", "-1", "1e309", "NaN", HUGE, "zzz"]
CELL_VALUES += ["9999-12-31", "0001-01-01", "2026-02-30", "=1+1"]


def test_the_roster_import_lists_every_hostile_cell_and_writes_nothing(
    client_for, street_clerk, street, station
):
    from staffing.roster import COLUMNS

    rows = []
    for column in COLUMNS:
        for value in CELL_VALUES:
            if value == "\x07x":
                value = "_x0007_x"
            cells = roster_files.row(len(rows) + 1, station)
            cells[COLUMNS.index(column)] = value
            rows.append(cells)
    client = client_for(street_clerk)
    try:
        response = roster_files.post_upload(client, street, roster_files.workbook(rows))
    except Exception as exc:
        pytest.fail(f"roster upload: 500 ({exc!r})")
    assert response.status_code in (200, 302)
    record = RosterImport.objects.get()
    assert record.status == "failed" and record.errors > 0
    errors = record.preview["errors"]
    headers = {c.header for c in COLUMNS}
    assert all(e["row"] >= 2 and e["column"] in headers for e in errors), errors[:5]
    # Every column was refused somewhere (a column takes few of the values, never none).
    assert {e["column"] for e in errors} == headers
    body = client.get(roster_files.preview_url(record)).content.decode()
    assert "确认导入" not in body
    try:
        client.post(roster_files.confirm_url(record))
    except Exception as exc:
        pytest.fail(f"roster confirm: 500 ({exc!r})")
    assert roster_files.written() == (0, 0, 0)


def test_the_projects_import_lists_every_hostile_cell_and_writes_nothing(
    client_for, street_clerk, street, station
):
    from tests.projects.test_import import funding, post_upload, project, workbook, written

    projects, fundings = [], []
    for column in PROJECT_COLUMNS:
        for value in CELL_VALUES:
            value = "_x0007_x" if value == "\x07x" else value
            cells = project(station, f"项目{len(projects)}")
            cells[PROJECT_COLUMNS.index(column)] = value
            projects.append(cells)
    for index in range(len(FUNDING_COLUMNS)):
        for value in CELL_VALUES:
            value = "_x0007_x" if value == "\x07x" else value
            cells = funding("2025", "1000", "项目0", "100")
            cells[index] = value
            fundings.append(cells)
    client = client_for(street_clerk)
    try:
        response = post_upload(client, street, workbook(projects, fundings))
    except Exception as exc:
        pytest.fail(f"projects upload: 500 ({exc!r})")
    assert response.status_code == 200
    errors = response.context["errors"]
    assert errors and response.context["confirm_form"] is None
    assert all(e.sheet in ("项目", "经费") and e.row and e.column for e in errors)
    headers = {c.header for c in PROJECT_COLUMNS} | {c.header for c in FUNDING_COLUMNS}
    assert {e.column for e in errors} == headers
    assert written() == (0, 0, 0, 0)
