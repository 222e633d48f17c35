"""The whole access policy in one sweep: every URL of the project is classified here.

- ``RECORD_URLS``: every URL that names a record, called by every scoped role with another
  street's record, GET and POST: 404, nothing written.
- ``ROLE_PAGES``: every page without a record, with the roles for which it does not exist
  (404, never 403).
- ``OPEN_PAGES``: the pages every user reaches (login, logout, the start page, language).

A test fails when a URL is added without being classified.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

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
from reports.services import run_start
from staffing.models import Post
from supervision.models import AnnualAppraisal, EvaluationFile, MonthlyEvaluation
from tests.factories import (
    ListItemFactory,
    PostFactory,
    RecognitionFactory,
    RosterImportFactory,
    SchoolFactory,
    SpecialStationFactory,
)
from tests.projects.factories import CaseStudyFactory, ProjectFactory
from tests.supervision.factories import (
    AnnualAppraisalFactory,
    AssignmentFactory,
    EvaluationFactory,
    EvaluationFileFactory,
    SupervisorFactory,
)

SCOPED = ["street_clerk", "community_user", "supervisor", "auditor"]

# URL name → which record of the other street it is called with.
RECORD_URLS = {
    "street": "street",
    "unit": "station",
    "stations:unit_edit": "workroom",
    "stations:list_item_add": "station",
    "stations:list_item_edit": "list_item",
    "stations:list_item_delete": "list_item",
    "stations:special_station_add": "station",
    "stations:special_station_edit": "special_station",
    "stations:special_station_delete": "special_station",
    "stations:school_add": "street",
    "stations:school_edit": "school",
    "stations:recognition_add": "workroom",
    "stations:recognition_revoke": "recognition",
    "staffing:person": "person",
    "staffing:person_edit": "person",
    "staffing:person_unmask": "person",
    "staffing:post_assign": "person",
    "staffing:certificate_add": "person",
    "staffing:qualification_add": "person",
    "staffing:appraisal_record": "person",
    "staffing:post_end": "post",
    "staffing:roster_preview": "roster_import",
    "staffing:roster_confirm": "roster_import",
    "supervision:evaluation": "evaluation",
    "supervision:evaluation_edit": "evaluation",
    "supervision:evaluation_submit": "evaluation",
    "supervision:evaluation_return": "evaluation",
    "supervision:evaluation_approve": "evaluation",
    "supervision:evaluation_file_upload": "evaluation",
    "supervision:evaluation_file": "evaluation_file",
    "supervision:evaluation_file_delete": "evaluation_file",
    "supervision:appraisal": "appraisal",
    "supervision:appraisal_edit": "appraisal",
    "supervision:appraisal_finalise": "appraisal",
    "supervision:run": "run",
    "projects:board": "station",
    "projects:project_add": "workroom",
    "projects:project": "project",
    "projects:project_edit": "project",
    "projects:project_delete": "project",
    "projects:project_advance": "project",
    "projects:project_override": "project",
    "projects:project_flag": "project",
    "projects:cases": "station",
    "projects:case_add": "station",
    "projects:case_edit": "case_study",
    "projects:case_delete": "case_study",
    "projects:case_file": "case_study",
    "projects:purchase_add": "funding",
    "projects:purchase_edit": "purchase",
    "projects:purchase_delete": "purchase",
    "projects:site_budget_edit": ("station", 2026),
    "projects:award_edit": "award",
    "projects:award_delete": "award",
    "projects:practice_base_add": "station",
    "projects:practice_base_edit": "practice_base",
    "projects:practice_base_delete": "practice_base",
    "projects:import_upload": "street",
    "projects:import_confirm": "street",
}


@pytest.fixture
def elsewhere(other_street, other_station, other_workroom, supervisor, station, settings, tmp_path):
    """A full set of records of another street (湖滨街道), and of another supervisor: the
    ``supervisor`` persona has a record of its own, linked to 清波街道's station. Files are
    stored in a temporary ``MEDIA_ROOT``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    post = PostFactory(unit=other_station, start=date(2022, 1, 1))
    AssignmentFactory(supervisor=SupervisorFactory(user=supervisor), unit=station)
    evaluation = EvaluationFactory(unit=other_station, status="submitted")
    project = ProjectFactory(unit=other_station)
    case_study = CaseStudyFactory(unit=other_station, file_name="案例.pdf")
    case_study.file.save("case.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    funding = Funding.objects.create(year=2026, street=other_street, venture_fund=1000)
    return {
        "evaluation": evaluation,
        "evaluation_file": EvaluationFileFactory(evaluation=evaluation),
        "appraisal": AnnualAppraisalFactory(supervisor=evaluation.supervisor),
        "run": run_start(kind="year_end", params={"year": 2024}, actor=None),
        "street": other_street,
        "station": other_station,
        "workroom": other_workroom,
        "list_item": ListItemFactory(unit=other_station),
        "special_station": SpecialStationFactory(station=other_station),
        "school": SchoolFactory(street=other_street),
        "recognition": RecognitionFactory(unit=other_workroom),
        "person": post.person,
        "post": post,
        "roster_import": RosterImportFactory(street=other_street),
        "project": project,
        "case_study": case_study,
        "funding": funding,
        "purchase": Purchase.objects.create(funding=funding, project=project, amount=100),
        "award": Award.objects.create(
            title="优秀项目", level="district", year=2025, project=project
        ),
        "practice_base": PracticeBase.objects.create(
            station=other_station, university="浙江工业大学", since=date(2023, 9, 1)
        ),
    }


def _routes(resolver, prefix="", namespace=""):
    """(namespaced name, full route) of every URL pattern, admin excluded."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            if pattern.namespace != "admin":
                inner = pattern.namespace or ""
                ns = ":".join(p for p in (namespace, inner) if p)
                yield from _routes(pattern, route, ns)
        else:
            yield ":".join(p for p in (namespace, pattern.name) if p), route


def test_every_url_with_a_primary_key_is_swept():
    names = {name for name, route in _routes(get_resolver()) if "<int:pk>" in route}
    assert names == set(RECORD_URLS)


def test_every_url_without_a_record_is_classified():
    names = {name for name, route in _routes(get_resolver()) if "<int:pk>" not in route}
    assert names == {url for url, _ in ROLE_PAGES} | OPEN_PAGES


@pytest.mark.parametrize("persona", SCOPED)
@pytest.mark.parametrize("url_name", sorted(RECORD_URLS))
def test_another_streets_record_is_404_for_get_and_post(
    client_for, request, elsewhere, persona, url_name
):
    user = request.getfixturevalue(persona)
    user.user_permissions.add(*_unmask_permission())  # even with the unmask permission
    client = client_for(user)
    record, *more = _as_tuple(RECORD_URLS[url_name])
    url = reverse(url_name, args=[elsewhere[record].pk, *more])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"version": 1, "end": "2026-01-01"}).status_code == 404
    assert Post.objects.filter(end__isnull=False).count() == 0  # nothing was ended
    assert MonthlyEvaluation.objects.get().status == "submitted"  # nor reviewed
    assert AnnualAppraisal.objects.get().status == "draft"  # nor finalised
    assert EvaluationFile.objects.count() == 1  # no file added or removed
    project = Project.objects.get()
    assert (project.stage, project.flagged_administrative) == ("research", False)  # nor moved
    assert StageRecord.objects.count() == 0
    assert CaseStudy.objects.get().file  # the case study and its document are still there
    assert [Purchase.objects.count(), Award.objects.count(), PracticeBase.objects.count()] == [
        1,
        1,
        1,
    ]
    assert SiteBudget.objects.count() == 0


def _as_tuple(value):
    return value if isinstance(value, tuple) else (value,)


def _unmask_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename="unmask_personal_data")


# Pages every user may open (the login pages, logout, the start page, the language switch).
OPEN_PAGES = {"home", "accounts:login", "accounts:logout", "accounts:verify", "set_language"}

# Pages a role may not use at all, whatever the record: 404 (never 403).
ROLE_PAGES = [
    ("district", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("staffing:tenure", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("staffing:people", ["supervisor", "auditor"]),
    ("staffing:person_create", ["community_user", "supervisor", "auditor"]),
    ("staffing:roster_upload", ["community_user", "supervisor", "auditor"]),
    ("staffing:roster_template", ["community_user", "supervisor", "auditor"]),
    ("supervision:my", ["district_user", "street_clerk", "community_user", "auditor"]),
    ("supervision:evaluation_create", ["district_user", "street_clerk", "community_user"]),
    ("supervision:my_appraisals", ["district_user", "street_clerk", "community_user", "auditor"]),
    ("supervision:my_fees", ["district_user", "street_clerk", "community_user", "auditor"]),
    ("supervision:review", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("supervision:review_approve", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("supervision:appraisals", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("supervision:year_end_start", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("supervision:fees", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("supervision:fees_export", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("supervision:supervisors", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("supervision:parameters", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("accounts:audit_log", ["district_user", "street_clerk", "community_user", "supervisor"]),
    ("rules", ["auditor"]),
    ("projects:funding", ["community_user", "supervisor", "auditor"]),
    ("projects:funding_edit", ["community_user", "supervisor", "auditor"]),
    ("projects:funding_floor", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("projects:site_budgets", ["community_user", "supervisor", "auditor"]),
    ("projects:awards", ["auditor"]),
    ("projects:award_add", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("projects:practice_bases", ["community_user", "supervisor", "auditor"]),
    ("projects:import_template", ["community_user", "supervisor", "auditor"]),
    ("stations:years", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("stations:year_close", ["street_clerk", "community_user", "supervisor", "auditor"]),
    ("stations:year_reopen", ["street_clerk", "community_user", "supervisor", "auditor"]),
]


@pytest.mark.parametrize(
    ("url_name", "persona"), [(u, p) for u, personas in ROLE_PAGES for p in personas]
)
def test_pages_outside_a_role_are_404(client_for, request, url_name, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse(url_name)).status_code == 404
