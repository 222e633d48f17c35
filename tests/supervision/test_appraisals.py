"""Annual appraisals (V4): the district's four scores give the total, grade and renewal
advice with the year's parameters; finalising needs the four scores and makes the appraisal
read-only; the pages: the district's table with its grade distribution, the year-end job
started from it with its polled status, and the supervisor's own appraisals.

That other roles get 404 for these pages is the scope sweep's (``tests/test_scope_sweep.py``).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from reports.models import ReportRun
from reports.services import run_progress, run_start
from supervision.models import AnnualAppraisal, DistrictParameters
from supervision.services.appraisals import appraisal_finalise, appraisal_update
from tests.supervision.factories import (
    AnnualAppraisalFactory,
    EngagementFactory,
    EvaluationFactory,
    SupervisorFactory,
)

YEAR = 2024
Status = AnnualAppraisal.Status


def _scores(score):
    return dict.fromkeys(("ability", "quality", "results", "conduct"), score)


@pytest.fixture
def draft(db):
    return AnnualAppraisalFactory(year=YEAR, supervisor__person__name="赵督导")


@pytest.mark.parametrize(
    ("score", "grade"),
    [(59, "unqualified"), (60, "basic"), (74, "basic"), (75, "qualified"), (89, "qualified"),
     (90, "excellent")],
)  # fmt: skip
def test_grade_at_each_threshold_with_the_default_parameters(draft, district_user, score, grade):
    appraisal = appraisal_update(appraisal=draft, actor=district_user, **_scores(score))
    assert appraisal.total == Decimal(score)
    assert appraisal.grade == grade
    assert ("不再续聘" in appraisal.renewal_advice) is (grade == "unqualified")


def test_the_districts_weights_and_thresholds_of_the_year_apply(draft, district_user):
    DistrictParameters.objects.create(
        year=YEAR, weight_ability=40, weight_quality=20, weight_results=20, weight_conduct=20,
        excellent=95, qualified=80, basic=70,
    )  # fmt: skip
    appraisal = appraisal_update(
        appraisal=draft, actor=district_user, ability=100, quality=80, results=80, conduct=80
    )
    assert appraisal.total == Decimal("88.00")  # 40 + 16 + 16 + 16
    assert appraisal.grade == "qualified"


def test_scores_are_audited_with_the_history_user(draft, district_user):
    appraisal_update(appraisal=draft, actor=district_user, **_scores(80))
    event = AuditEvent.objects.get(event="appraisal_update")
    assert event.user == district_user and "grade=qualified" in event.detail
    assert draft.history.first().history_user == district_user


def test_finalising_needs_the_four_scores(draft, district_user):
    with pytest.raises(ValidationError) as refused:
        appraisal_finalise(appraisal=draft, actor=district_user)
    assert refused.value.code == "scores"
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_final_appraisal_is_read_only(draft, district_user):
    appraisal_update(appraisal=draft, actor=district_user, **_scores(80))
    final = appraisal_finalise(appraisal=draft, actor=district_user)
    assert (final.status, final.finalised_by) == (Status.FINAL, district_user)
    assert final.finalised_at is not None
    with pytest.raises(ValidationError) as refused:
        appraisal_update(appraisal=final, actor=district_user, **_scores(50))
    assert refused.value.code == "final"
    with pytest.raises(ValidationError) as refused:
        appraisal_finalise(appraisal=final, actor=district_user)
    assert refused.value.code == "final"
    final.refresh_from_db()
    assert (final.ability, final.grade) == (80, "qualified")
    assert AuditEvent.objects.filter(event="appraisal_finalise").count() == 1


def test_a_score_out_of_range_is_refused(draft, district_user):
    with pytest.raises(ValidationError) as refused:
        appraisal_update(appraisal=draft, actor=district_user, **{**_scores(80), "conduct": 101})
    assert "conduct" in refused.value.message_dict


# Pages


def test_district_table_shows_the_year_with_its_grade_distribution(client_for, district_user):
    for grade in ("excellent", "qualified", "qualified", "basic"):
        AnnualAppraisalFactory(year=YEAR, grade=grade, status=Status.FINAL)
    AnnualAppraisalFactory(year=YEAR)
    AnnualAppraisalFactory(year=YEAR - 1, grade="unqualified", supervisor__person__name="往年督导")
    response = client_for(district_user).get(reverse("supervision:appraisals"), {"year": YEAR})
    assert response.status_code == 200
    distribution = response.context["distribution"]
    assert [(r["label"], r["count"]) for r in distribution[:4]] == [
        ("优秀", 1), ("合格", 2), ("基本合格", 1), ("不合格", 0),
    ]  # fmt: skip
    assert distribution[4]["count"] == 1  # not graded yet
    body = response.content.decode()
    assert "往年督导" not in body
    assert reverse("supervision:year_end_start") in body


def test_district_starts_the_year_end_and_lands_on_its_status(
    client_for, district_user, django_capture_on_commit_callbacks
):
    sup = SupervisorFactory()
    EngagementFactory(supervisor=sup)
    EvaluationFactory(supervisor=sup, month=date(YEAR, 3, 1), status="approved")
    client = client_for(district_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("supervision:year_end_start"), {"year": YEAR})
    assert len(callbacks) == 1  # queued once the request's transaction commits
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("supervision:run", args=[run.pk])
    assert (run.status, run.params, run.started_by) == ("done", {"year": YEAR}, district_user)
    assert AnnualAppraisal.objects.get(supervisor=sup, year=YEAR).months_approved == 1
    page = client.get(response.url).content.decode()
    assert "hx-get" not in page  # finished: no more polling


def test_the_run_status_is_polled_every_two_seconds_while_it_runs(client_for, district_user):
    run = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": YEAR}, actor=district_user)
    run_progress(run=run, done=3, total=12)
    url = reverse("supervision:run", args=[run.pk])
    partial = client_for(district_user).get(url, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert f'hx-get="{url}"' in body and 'hx-trigger="every 2s"' in body
    assert "<html" not in body  # the partial only
    assert 'value="25"' in body  # the <progress> bar: 3 of 12


def test_a_failed_run_shows_its_error(client_for, district_user):
    run = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": YEAR}, actor=district_user)
    ReportRun.objects.filter(pk=run.pk).update(status="failed", error="OperationalError: boom")
    body = client_for(district_user).get(reverse("supervision:run", args=[run.pk])).content
    assert "OperationalError: boom" in body.decode() and b"hx-get" not in body


def test_district_enters_scores_and_finalises_from_the_pages(client_for, district_user, draft):
    client = client_for(district_user)
    edit = reverse("supervision:appraisal_edit", args=[draft.pk])
    response = client.post(edit, _scores(101))
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(edit, _scores(90))
    assert response.status_code == 302
    client.post(reverse("supervision:appraisal_finalise", args=[draft.pk]))
    draft.refresh_from_db()
    assert (draft.status, draft.grade) == (Status.FINAL, "excellent")
    # a final appraisal: the edit page sends back with a message, nothing changes
    response = client.post(edit, _scores(10), follow=True)
    assert [m.level_tag for m in response.context["messages"]][-1] == "danger"
    draft.refresh_from_db()
    assert draft.ability == 90


def test_finalise_without_scores_says_why(client_for, district_user, draft):
    url = reverse("supervision:appraisal_finalise", args=[draft.pk])
    response = client_for(district_user).post(url, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_supervisor_reads_own_appraisals_scores_only_once_final(client_for, db):
    sup = SupervisorFactory()
    final = AnnualAppraisalFactory(
        supervisor=sup, year=2023, status=Status.FINAL, grade="qualified", ability=81,
        quality=80, results=80, conduct=80, total=Decimal("80.25"),
    )  # fmt: skip
    draft = AnnualAppraisalFactory(supervisor=sup, year=YEAR, ability=66)
    client = client_for(sup.user)
    mine = client.get(reverse("supervision:my_appraisals")).content.decode()
    assert str(final.year) in mine and str(YEAR) in mine
    assert "80.25" in client.get(reverse("supervision:appraisal", args=[final.pk])).content.decode()
    hidden = client.get(reverse("supervision:appraisal", args=[draft.pk]))
    assert hidden.status_code == 200 and hidden.context["show_scores"] is False


def test_supervisor_cannot_open_or_score_another_supervisors_appraisal(client_for, draft):
    other = SupervisorFactory()
    client = client_for(other.user)
    assert client.get(reverse("supervision:appraisal", args=[draft.pk])).status_code == 404
    edit = reverse("supervision:appraisal_edit", args=[draft.pk])
    assert client.post(edit, _scores(90)).status_code == 404
    own = AnnualAppraisalFactory(supervisor=other, year=YEAR)
    assert client.post(reverse("supervision:appraisal_finalise", args=[own.pk])).status_code == 404


def test_street_clerk_gets_404_for_the_run_page(client_for, street_clerk):
    run = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": YEAR}, actor=None)
    assert (
        client_for(street_clerk).get(reverse("supervision:run", args=[run.pk])).status_code == 404
    )


def _table_queries(client, count):
    while AnnualAppraisal.objects.filter(year=YEAR).count() < count:
        AnnualAppraisalFactory(year=YEAR, grade="qualified", status=Status.FINAL)
    run_start(kind=ReportRun.Kind.YEAR_END, params={"year": YEAR}, actor=None)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("supervision:appraisals"), {"year": YEAR})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_of_the_appraisal_table_do_not_grow(client_for, district_user):
    client = client_for(district_user)
    assert _table_queries(client, 2) == _table_queries(client, 8)
