"""One-time submission tokens on every add form (``accounts.submissions``): a resubmit, a
double click or the back button saves once and says so; a missing, forged, foreign or
expired token is refused with nothing written; a refused write leaves the token usable;
another scope's add page stays 404 whatever the token.

The parallel submissions are in ``tests/test_concurrency.py``.
"""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, SubmissionToken
from projects.models import Award, Funding, PracticeBase, Project, Purchase, SiteBudget
from shangcheng.forms import SUBMISSION_FIELD, submission_token
from staffing.models import (
    Certificate,
    Person,
    Post,
    Qualification,
    RosterImport,
    StaffAppraisal,
)
from stations.models import ListItem, Recognition, School, SpecialStation
from supervision.models import MonthlyEvaluation
from tests.factories import PersonFactory, PostFactory, RecognitionFactory, UserFactory
from tests.projects.factories import ProjectFactory
from tests.staffing.roster_files import confirm_url, post_upload, row, workbook, written
from tests.supervision.factories import AssignmentFactory, SupervisorFactory

SAVED = "已保存，未重复提交"
EXPIRED = "页面已过期，请刷新后重新提交"
MODELS = [
    ListItem,
    SpecialStation,
    School,
    Recognition,
    Person,
    Post,
    Certificate,
    Qualification,
    StaffAppraisal,
    MonthlyEvaluation,
    Project,
    Purchase,
    Award,
    PracticeBase,
    Funding,
    SiteBudget,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def add_forms(street, station, workroom, street_clerk, district_user):
    """Every add form: name → (user, URL, valid data)."""
    person = PersonFactory(street=street)
    supervisor = SupervisorFactory()
    AssignmentFactory(supervisor=supervisor, unit=station)
    project = ProjectFactory(unit=station)
    funding = Funding.objects.create(year=2025, street=street, venture_fund=Decimal("1000"))
    RecognitionFactory(unit=station, year=2024)
    month = timezone.localdate().replace(day=1) - timedelta(days=1)
    return {
        "list_item": (
            street_clerk,
            reverse("stations:list_item_add", args=[station.pk]),
            {"list": "needs", "title": "独居老人助餐", "detail": "", "party": ""},
        ),
        "special_station": (
            street_clerk,
            reverse("stations:special_station_add", args=[station.pk]),
            {"name": "禁毒专项工作站", "field": "禁毒"},
        ),
        "school": (
            street_clerk,
            reverse("stations:school_add", args=[street.pk]),
            {"name": "清波小学"},
        ),
        "recognition": (
            district_user,
            reverse("stations:recognition_add", args=[workroom.pk]),
            {"level": "provincial", "year": 2024, "title": "省级示范室"},
        ),
        "person": (
            street_clerk,
            reverse("staffing:person_create"),
            {
                "name": "新同事",
                "gender": "female",
                "id_number": PersonFactory.build(gender="female").id_number,
                "mobile": "13700001111",
                "community_work_since": "2018-03-01",
            },
        ),
        "post": (
            street_clerk,
            reverse("staffing:post_assign", args=[person.pk]),
            {"unit": station.pk, "post": "head", "full_time": "on", "start": "2023-01-01"},
        ),
        "certificate": (
            street_clerk,
            reverse("staffing:certificate_add", args=[person.pk]),
            {"level": "intermediate", "number": "Z-9", "issued_on": "2022-05-01"},
        ),
        "qualification": (
            street_clerk,
            reverse("staffing:qualification_add", args=[person.pk]),
            {"kind": "leading_talent", "level": "municipal", "year": "2022", "title": ""},
        ),
        "appraisal": (
            street_clerk,
            reverse("staffing:appraisal_record", args=[person.pk]),
            {"year": "2023", "grade": "excellent"},
        ),
        "evaluation": (
            supervisor.user,
            reverse("supervision:evaluation_create"),
            {"unit": station.pk, "month": f"{month:%Y-%m}"},
        ),
        "project": (
            street_clerk,
            reverse("projects:project_add", args=[station.pk]),
            {
                "name": "幸福食堂",
                "category": "cluster",
                "first_year": "2025",
                "reached_on": "2025-01-10",
                "evidence": "入户调研 50 户",
                "budget": "80000.00",
            },
        ),
        "case": (
            street_clerk,
            reverse("projects:case_add", args=[station.pk]),
            {"year": "2025"},
        ),
        "purchase": (
            street_clerk,
            reverse("projects:purchase_add", args=[funding.pk]),
            {"project": project.pk, "amount": "200.00"},
        ),
        "award": (
            district_user,
            reverse("projects:award_add"),
            {"title": "优秀项目", "level": "municipal", "year": 2025, "project": project.pk},
        ),
        "practice_base": (
            street_clerk,
            reverse("projects:practice_base_add", args=[station.pk]),
            {"university": "浙江大学", "since": "2024-03-01"},
        ),
        "funding": (
            district_user,
            f"{reverse('projects:funding_edit')}?year=2026&street={street.pk}",
            {"venture_fund": "5000.00"},
        ),
        "site_budget": (
            district_user,
            reverse("projects:site_budget_edit", args=[station.pk, 2025]),
            {"amount": "300.00"},
        ),
    }


ALL_PAGES = [
    "list_item",
    "special_station",
    "school",
    "recognition",
    "person",
    "post",
    "certificate",
    "qualification",
    "appraisal",
    "evaluation",
    "project",
    "case",
    "purchase",
    "award",
    "practice_base",
    "funding",
    "site_budget",
]
# The add forms whose valid data above writes a record (the evaluation and the case study
# need more content or a file; their saving once is covered by the shared mechanics).
WRITING_PAGES = [p for p in ALL_PAGES if p not in ("evaluation", "case")]


@pytest.mark.parametrize("form_name", ALL_PAGES)
def test_every_add_form_carries_a_fresh_token(client_for, add_forms, form_name):
    user, url, _data = add_forms[form_name]
    client = client_for(user)
    first, second = (client.get(url).context["form"] for _ in range(2))
    assert first[SUBMISSION_FIELD].value() != second[SUBMISSION_FIELD].value()
    assert f'name="{SUBMISSION_FIELD}"' in client.get(url).content.decode()


@pytest.mark.parametrize("form_name", WRITING_PAGES)
def test_every_add_form_saves_once_when_sent_twice(client_for, add_forms, form_name):
    user, url, data = add_forms[form_name]
    client = client_for(user)
    token = client.get(url).context["form"][SUBMISSION_FIELD].value()
    before = _counts()
    first = client.post(url, {**data, SUBMISSION_FIELD: token})
    assert first.status_code == 302, first.context["form"].errors if first.context else first
    written = _counts()
    assert sum(written.values()) == sum(before.values()) + 1
    again = client.post(url, {**data, SUBMISSION_FIELD: token})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert SAVED in _messages(again)
    assert _counts() == written


@pytest.mark.parametrize("form_name", ALL_PAGES)
def test_every_add_form_refuses_a_post_without_a_token(client_for, add_forms, form_name):
    user, url, data = add_forms[form_name]
    before = _counts()
    response = client_for(user, tokens=False).post(url, data)
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    assert _counts() == before
    # The form is shown again with a token that works: correcting nothing, send it again.
    fresh = response.context["form"][SUBMISSION_FIELD].value()
    assert fresh
    if form_name in WRITING_PAGES:
        again = client_for(user, tokens=False).post(url, {**data, SUBMISSION_FIELD: fresh})
        assert again.status_code == 302
        assert sum(_counts().values()) == sum(before.values()) + 1


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "1:abc:1tXyZ:forged", "foreign", "expired"],
)
def test_a_forged_foreign_or_expired_token_is_refused(
    client_for, street_clerk, station, monkeypatch, token
):
    if token == "foreign":
        token = submission_token(UserFactory(username="someone_else").pk)
    elif token == "expired":
        with monkeypatch.context() as m:
            three_days_ago = signing.time.time() - 3 * 24 * 3600
            m.setattr(signing.time, "time", lambda: three_days_ago)
            token = submission_token(street_clerk.pk)
    url = reverse("stations:list_item_add", args=[station.pk])
    data = {"list": "needs", "title": "助餐", SUBMISSION_FIELD: token}
    response = client_for(street_clerk, tokens=False).post(url, data)
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    assert not ListItem.objects.exists() and not SubmissionToken.objects.exists()


def test_a_token_a_day_old_still_works(client_for, street_clerk, station, monkeypatch):
    with monkeypatch.context() as m:
        yesterday = signing.time.time() - 24 * 3600
        m.setattr(signing.time, "time", lambda: yesterday)
        token = submission_token(street_clerk.pk)
    url = reverse("stations:list_item_add", args=[station.pk])
    data = {"list": "needs", "title": "助餐", SUBMISSION_FIELD: token}
    assert client_for(street_clerk, tokens=False).post(url, data).status_code == 302
    assert ListItem.objects.count() == 1


def test_five_submits_of_a_qualification_save_one(client_for, street_clerk, street, fresh_token):
    """The issue's case: five submits of one qualification form gave five rows."""
    person = PersonFactory(street=street)
    url = reverse("staffing:qualification_add", args=[person.pk])
    data = {"kind": "leading_talent", "level": "municipal", "year": "2022", "title": ""}
    data[SUBMISSION_FIELD] = fresh_token(street_clerk)
    client = client_for(street_clerk)
    responses = [client.post(url, data) for _ in range(5)]
    assert [r.status_code for r in responses] == [302] * 5
    assert {r["Location"] for r in responses} == {person.get_absolute_url()}
    assert Qualification.objects.count() == 1
    assert [SAVED in _messages(r) for r in responses] == [False, True, True, True, True]


def test_an_invalid_form_leaves_the_token_usable(client_for, street_clerk, station):
    url = reverse("stations:list_item_add", args=[station.pk])
    client = client_for(street_clerk)
    token = client.get(url).context["form"][SUBMISSION_FIELD].value()
    refused = client.post(url, {"list": "needs", "title": "", SUBMISSION_FIELD: token})
    assert refused.status_code == 200 and not ListItem.objects.exists()
    assert refused.context["form"][SUBMISSION_FIELD].value() == token  # shown again as sent
    saved = client.post(url, {"list": "needs", "title": "助餐", SUBMISSION_FIELD: token})
    assert saved.status_code == 302 and ListItem.objects.count() == 1


def test_a_refused_write_leaves_the_token_usable_and_its_audit_kept(
    client_for, street_clerk, street, station, workroom
):
    """The service refuses (S4, after validating the form) and audits the refusal: the
    token is given back, the audit row stays."""
    person = PersonFactory(street=street)
    PostFactory(person=person, unit=station, start=date(2020, 1, 1))
    url = reverse("staffing:post_assign", args=[person.pk])
    client = client_for(street_clerk)
    token = client.get(url).context["form"][SUBMISSION_FIELD].value()
    data = {
        "unit": workroom.pk,
        "post": "workroom_social_worker",
        "full_time": "on",
        "start": "2023-01-01",
        SUBMISSION_FIELD: token,
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "S4" in refused.content.decode()
    assert person.posts.count() == 1 and not SubmissionToken.objects.exists()
    assert AuditEvent.objects.filter(event="post_assign", result="failure").count() == 1
    person.posts.update(end=date(2022, 12, 31))  # the clerk ends the old post first
    saved = client.post(url, data)
    assert saved.status_code == 302 and person.posts.count() == 2
    assert SubmissionToken.objects.get().url == person.get_absolute_url()


def test_a_repeat_after_the_record_changed_still_says_saved(
    client_for, district_user, street, fresh_token
):
    """The venture fund: the first submission recorded it, so the page is now its edit
    form; the repeat is still told it was saved, not that the page is stale."""
    url = f"{reverse('projects:funding_edit')}?year=2026&street={street.pk}"
    data = {"venture_fund": "5000.00", SUBMISSION_FIELD: fresh_token(district_user)}
    client = client_for(district_user)
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "venture_fund": "6000.00"})
    assert again.status_code == 302 and SAVED in _messages(again)
    assert Funding.objects.get(year=2026).venture_fund == Decimal("5000.00")


def test_used_tokens_older_than_two_days_are_purged(client_for, street_clerk, station):
    old, recent = (
        SubmissionToken.objects.create(token=f"{n:064d}", user=street_clerk) for n in (1, 2)
    )
    now = timezone.now()
    SubmissionToken.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=2, hours=1))
    SubmissionToken.objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=1))
    url = reverse("stations:list_item_add", args=[station.pk])
    client_for(street_clerk).post(url, {"list": "needs", "title": "助餐"})
    assert ListItem.objects.count() == 1
    kept = set(SubmissionToken.objects.values_list("pk", flat=True))
    assert recent.pk in kept and old.pk not in kept and len(kept) == 2  # and the new one


def test_a_used_token_of_another_user_does_not_redirect(
    client_for, street_clerk, district_user, station
):
    """A used token is looked up with its user: someone else's cannot be replayed here."""
    token = submission_token(district_user.pk)
    SubmissionToken.objects.create(
        token=hashlib.sha256(token.encode()).hexdigest(),
        user=district_user,
        url="/elsewhere/",
    )
    url = reverse("stations:list_item_add", args=[station.pk])
    data = {"list": "needs", "title": "助餐", SUBMISSION_FIELD: token}
    response = client_for(street_clerk, tokens=False).post(url, data)
    assert response.status_code == 200 and EXPIRED in response.content.decode()
    assert not ListItem.objects.exists()


ADD_URLS = {
    "stations:list_item_add": "station",
    "stations:special_station_add": "station",
    "stations:school_add": "street",
    "stations:recognition_add": "workroom",
    "staffing:post_assign": "person",
    "staffing:certificate_add": "person",
    "staffing:qualification_add": "person",
    "staffing:appraisal_record": "person",
    "projects:project_add": "workroom",
    "projects:case_add": "station",
    "projects:purchase_add": "funding",
    "projects:practice_base_add": "station",
}


@pytest.mark.parametrize("url_name", sorted(ADD_URLS))
def test_another_scopes_add_page_is_404_before_any_token_check(
    client_for, street_clerk, other_street, other_station, other_workroom, url_name
):
    records = {
        "street": other_street,
        "station": other_station,
        "workroom": other_workroom,
        "person": PersonFactory(street=other_street),
        "funding": Funding.objects.create(year=2025, street=other_street, venture_fund=1),
    }
    url = reverse(url_name, args=[records[ADD_URLS[url_name]].pk])
    client = client_for(street_clerk, tokens=False)
    before = _counts()
    assert client.post(url, {"title": "x", "name": "x"}).status_code == 404
    assert client.post(url, {SUBMISSION_FIELD: "garbage"}).status_code == 404
    assert _counts() == before


def test_an_unused_token_is_not_kept_for_an_edit_form(client_for, street_clerk, station):
    """Edit forms carry a version, not a token: saving twice is the stale-form check's."""
    item = ListItem.objects.create(unit=station, list="needs", title="助餐")
    url = reverse("stations:list_item_edit", args=[item.pk])
    form = client_for(street_clerk).get(url).context["form"]
    assert SUBMISSION_FIELD not in form.fields and "version" in form.fields


def test_confirming_a_roster_import_again_says_it_was_saved(
    client_for, street_clerk, street, station
):
    """The roster confirm's one-time key is the import itself (applied once, under a row
    lock): a second confirm writes nothing and says so, as the add forms do."""
    client = client_for(street_clerk)
    post_upload(client, street, workbook([row(1, station)]))
    record = RosterImport.objects.get()
    first = client.post(confirm_url(record))
    again = client.post(confirm_url(record))
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert SAVED in _messages(again) and SAVED not in _messages(first)
    assert written() == (1, 0, 1)
