"""The evaluation pages: who may open which (anyone else gets 404), refusals shown on the
form or as a message (never a 500), the review queue's filters, bulk approval and query
counts that do not grow with the number of evaluations."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision.models import MonthlyEvaluation
from supervision.services import evaluations as services
from tests.factories import StationFactory, UserFactory
from tests.supervision.factories import AssignmentFactory, EvaluationFactory

POST_DATA = {
    "month": "2024-01",
    "sessions": "2",
    "hours": "4.5",
    "forms": ["individual", "group"],
    "topics": "个案督导",
    "unit_score": "88",
    "workers_score": "80",
    "problems": "",
    "recommendations": "",
}


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def draft(supervisor_profile, assigned_station):
    return EvaluationFactory(supervisor=supervisor_profile, unit=assigned_station)


@pytest.fixture
def submitted(draft):
    return services.evaluation_submit(evaluation=draft, actor=None)


# The supervisor's pages


def test_supervisor_files_a_new_evaluation(client_for, supervisor, assigned_station):
    response = client_for(supervisor).post(
        reverse("supervision:evaluation_create"), {**POST_DATA, "unit": assigned_station.pk}
    )
    evaluation = MonthlyEvaluation.objects.get()
    assert response.status_code == 302
    assert response.url == evaluation.get_absolute_url()
    assert (evaluation.month, evaluation.status) == (date(2024, 1, 1), "draft")
    assert evaluation.forms == ["individual", "group"]


def test_the_new_evaluation_form_offers_only_the_supervisors_units(
    client_for, supervisor, assigned_station
):
    elsewhere = StationFactory()
    client = client_for(supervisor)
    page = client.get(reverse("supervision:evaluation_create"))
    assert list(page.context["form"].fields["unit"].queryset) == [assigned_station]
    response = client.post(
        reverse("supervision:evaluation_create"), {**POST_DATA, "unit": elsewhere.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not MonthlyEvaluation.objects.exists()


def test_a_future_month_is_refused_on_the_form(client_for, supervisor, assigned_station):
    future = services.next_month(timezone.localdate())
    response = client_for(supervisor).post(
        reverse("supervision:evaluation_create"),
        {**POST_DATA, "unit": assigned_station.pk, "month": f"{future:%Y-%m}"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["month"]
    assert not MonthlyEvaluation.objects.exists()


def test_a_duplicate_is_refused_on_the_form_not_a_server_error(
    client_for, supervisor, assigned_station, draft
):
    response = client_for(supervisor).post(
        reverse("supervision:evaluation_create"), {**POST_DATA, "unit": assigned_station.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["month"]
    assert MonthlyEvaluation.objects.count() == 1


def test_supervisor_edits_and_submits_a_draft(client_for, supervisor, draft):
    client = client_for(supervisor)
    edit = reverse("supervision:evaluation_edit", args=[draft.pk])
    data = {**POST_DATA, "version": draft.version, "topics": "小组督导"}
    assert client.post(edit, data).status_code == 302
    response = client.post(reverse("supervision:evaluation_submit", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.topics, draft.status) == ("小组督导", "submitted")


def test_a_stale_edit_form_is_refused_on_the_form(client_for, supervisor, draft):
    client = client_for(supervisor)
    edit = reverse("supervision:evaluation_edit", args=[draft.pk])
    client.post(edit, {**POST_DATA, "version": draft.version, "topics": "甲"})
    response = client.post(edit, {**POST_DATA, "version": draft.version, "topics": "乙"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    draft.refresh_from_db()
    assert draft.topics == "甲"


def test_an_approved_evaluation_cannot_be_edited(client_for, supervisor, submitted, district_user):
    services.evaluation_approve(evaluation=submitted, actor=district_user)
    client = client_for(supervisor)
    edit = reverse("supervision:evaluation_edit", args=[submitted.pk])
    response = client.post(edit, {**POST_DATA, "version": submitted.version + 1}, follow=True)
    assert response.redirect_chain[-1][0] == submitted.get_absolute_url()
    assert _messages(response)
    submitted.refresh_from_db()
    assert submitted.topics == "个案督导"


def test_submitting_an_incomplete_evaluation_says_which_fields(client_for, supervisor, draft):
    MonthlyEvaluation.objects.filter(pk=draft.pk).update(unit_score=None)
    response = client_for(supervisor).post(
        reverse("supervision:evaluation_submit", args=[draft.pk]), follow=True
    )
    label = str(MonthlyEvaluation._meta.get_field("unit_score").verbose_name)
    assert any(m.startswith(f"{label}：") for m in _messages(response))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_my_page_lists_returned_evaluations_first(
    client_for, supervisor, supervisor_profile, assigned_station, district_user
):
    old = EvaluationFactory(supervisor=supervisor_profile, unit=assigned_station)
    EvaluationFactory(supervisor=supervisor_profile, unit=assigned_station, month=date(2024, 3, 1))
    services.evaluation_submit(evaluation=old, actor=None)
    services.evaluation_return(evaluation=old, comment="补充", actor=district_user)
    response = client_for(supervisor).get(reverse("supervision:my"))
    assert response.status_code == 200
    assert next(iter(response.context["page"])).pk == old.pk
    assert [row["unit"] for row in response.context["rows"]] == [assigned_station]


# Who may open what


def test_another_supervisors_evaluation_is_not_found(
    client_for, other_supervisor_profile, station, supervisor_profile
):
    theirs = EvaluationFactory(supervisor=other_supervisor_profile, unit=station)
    client = client_for(supervisor_profile.user)
    for name in ("evaluation", "evaluation_edit"):
        assert client.get(reverse(f"supervision:{name}", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("supervision:evaluation_submit", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "draft"


@pytest.mark.parametrize("persona", ["street_clerk", "community_user", "supervisor", "auditor"])
def test_only_the_district_reviews(request, client_for, persona, submitted):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("supervision:review")).status_code == 404
    for name in ("evaluation_approve", "evaluation_return"):
        url = reverse(f"supervision:{name}", args=[submitted.pk])
        assert client.post(url, {"comment": "退回"}).status_code == 404
    response = client.post(reverse("supervision:review_approve"), {"evaluations": [submitted.pk]})
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("persona", ["street_clerk", "community_user", "auditor", "district_user"])
def test_only_supervisors_file(request, client_for, persona, draft):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("supervision:my")).status_code == 404
    assert client.get(reverse("supervision:evaluation_create")).status_code == 404
    assert client.get(reverse("supervision:evaluation_edit", args=[draft.pk])).status_code == 404
    response = client.post(reverse("supervision:evaluation_submit", args=[draft.pk]))
    assert response.status_code == 404


def test_a_street_clerk_reads_only_approved_evaluations_of_the_street(
    client_for, street_clerk, other_street_clerk, submitted, district_user
):
    url = submitted.get_absolute_url()
    assert client_for(street_clerk).get(url).status_code == 404  # not approved yet
    services.evaluation_approve(evaluation=submitted, actor=district_user)
    assert client_for(street_clerk).get(url).status_code == 200
    assert client_for(other_street_clerk).get(url).status_code == 404


# The district's review


def test_district_approves_from_the_detail_page(client_for, district_user, submitted):
    client = client_for(district_user)
    page = client.get(submitted.get_absolute_url())
    assert page.context["can_review"] is True
    response = client.post(reverse("supervision:evaluation_approve", args=[submitted.pk]))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == ("approved", district_user)


def test_returning_without_a_comment_is_refused_on_the_form(client_for, district_user, submitted):
    response = client_for(district_user).post(
        reverse("supervision:evaluation_return", args=[submitted.pk]), {"comment": ""}
    )
    assert response.status_code == 200
    assert response.context["return_form"].errors["comment"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_district_returns_with_a_comment_shown_in_the_trail(
    client_for, district_user, supervisor, submitted
):
    client_for(district_user).post(
        reverse("supervision:evaluation_return", args=[submitted.pk]), {"comment": "请补充问题"}
    )
    page = client_for(supervisor).get(submitted.get_absolute_url())
    assert "请补充问题" in page.content.decode()
    assert page.context["evaluation"].status == "returned"


def test_a_decision_already_taken_is_a_message_not_an_error(client_for, district_user, submitted):
    second = UserFactory(district=True, username="district_2")
    services.evaluation_approve(evaluation=submitted, actor=second)
    response = client_for(district_user).post(
        reverse("supervision:evaluation_return", args=[submitted.pk]),
        {"comment": "退回"},
        follow=True,
    )
    assert response.status_code == 200
    assert any("district_2" in m for m in _messages(response))
    submitted.refresh_from_db()
    assert submitted.status == "approved"


def _queue(client, **params):
    response = client.get(reverse("supervision:review"), params)
    assert response.status_code == 200
    return [e.pk for e in response.context["page"]]


def test_the_queue_shows_submitted_evaluations_and_filters(
    client_for, district_user, supervisor_profile, assigned_station, other_station, draft
):
    AssignmentFactory(supervisor=supervisor_profile, unit=other_station)
    jan = services.evaluation_submit(evaluation=draft, actor=None)
    feb = EvaluationFactory(
        supervisor=supervisor_profile, unit=assigned_station, month=date(2024, 2, 1)
    )
    feb = services.evaluation_submit(evaluation=feb, actor=None)
    elsewhere = EvaluationFactory(supervisor=supervisor_profile, unit=other_station)
    elsewhere = services.evaluation_submit(evaluation=elsewhere, actor=None)
    still_draft = EvaluationFactory(
        supervisor=supervisor_profile, unit=other_station, month=date(2024, 2, 1)
    )
    client = client_for(district_user)
    assert set(_queue(client)) == {jan.pk, feb.pk, elsewhere.pk}
    assert set(_queue(client, month="2024-02")) == {feb.pk}
    assert set(_queue(client, street=other_station.street_id)) == {elsewhere.pk}
    assert set(_queue(client, status="draft")) == {still_draft.pk}
    assert len(_queue(client, status="")) == 4


def test_bulk_approve_from_the_queue(
    client_for, district_user, supervisor_profile, assigned_station
):
    batch = [
        services.evaluation_submit(
            evaluation=EvaluationFactory(
                supervisor=supervisor_profile, unit=assigned_station, month=date(2023, m, 1)
            ),
            actor=None,
        )
        for m in (1, 2, 3)
    ]
    next_url = reverse("supervision:review") + "?month=2023-02"
    response = client_for(district_user).post(
        reverse("supervision:review_approve"),
        {"evaluations": [e.pk for e in batch[:2]], "next": next_url},
    )
    assert response.status_code == 302
    assert response.url == next_url
    statuses = dict(MonthlyEvaluation.objects.values_list("pk", "status"))
    assert [statuses[e.pk] for e in batch] == ["approved", "approved", "submitted"]


def test_bulk_approve_goes_back_only_to_the_queue(client_for, district_user, submitted):
    response = client_for(district_user).post(
        reverse("supervision:review_approve"),
        {"evaluations": [submitted.pk], "next": "https://evil.example/"},
    )
    assert response.url == reverse("supervision:review")


def test_bulk_approve_with_nothing_ticked_says_so(client_for, district_user, db):
    response = client_for(district_user).post(reverse("supervision:review_approve"), follow=True)
    assert _messages(response)


# Query counts


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_evaluations(n, supervisor_profile, status="submitted"):
    """``n`` more evaluations, each of a new station in a new street."""
    for station in StationFactory.create_batch(n):
        AssignmentFactory(supervisor=supervisor_profile, unit=station)
        evaluation = EvaluationFactory(supervisor=supervisor_profile, unit=station)
        if status != "draft":
            services.evaluation_submit(evaluation=evaluation, actor=None)


def test_review_queue_query_count_does_not_grow(
    client_for, district_user, supervisor_profile, django_assert_num_queries
):
    client = client_for(district_user)
    url = reverse("supervision:review") + "?status="
    _more_evaluations(2, supervisor_profile)
    at_2 = _count_queries(client, url)
    _more_evaluations(20, supervisor_profile)
    with django_assert_num_queries(at_2):
        client.get(url)


def test_my_page_query_count_does_not_grow(
    client_for, supervisor, supervisor_profile, django_assert_num_queries
):
    client = client_for(supervisor)
    url = reverse("supervision:my")
    _more_evaluations(2, supervisor_profile, status="draft")
    at_2 = _count_queries(client, url)
    _more_evaluations(20, supervisor_profile, status="draft")
    with django_assert_num_queries(at_2):
        client.get(url)
