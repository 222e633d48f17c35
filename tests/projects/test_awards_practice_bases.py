"""G4 practice bases: kept by the district and the station's street clerk, for stations only;
``since`` neither in the future nor before 2000; stale edits refused; constant queries."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from projects.models import PracticeBase
from projects.services import awards
from tests.factories import StationFactory

LIST = reverse("projects:practice_bases")
OTHERS = ["other_street_clerk", "community_user", "supervisor", "auditor"]


def _add_url(unit):
    return reverse("projects:practice_base_add", args=[unit.pk])


def _base(station, university="浙江工业大学", since=date(2023, 9, 1)):
    return PracticeBase.objects.create(station=station, university=university, since=since)


@pytest.fixture
def base(station):
    return _base(station)


@pytest.fixture
def other_base(other_station):
    return _base(other_station, university="杭州师范大学")


def _universities(response) -> set[str]:
    return {b.university for s in response.context["page"] for b in s.practice_bases.all()}


# The list.


def test_district_sees_every_streets_bases(client_for, district_user, base, other_base):
    response = client_for(district_user).get(LIST)
    assert response.status_code == 200
    assert _universities(response) == {"浙江工业大学", "杭州师范大学"}


def test_clerk_sees_their_street_station_only(client_for, street_clerk, base, other_base):
    response = client_for(street_clerk).get(LIST)
    assert [s.pk for s in response.context["page"]] == [base.station_id]
    assert _universities(response) == {"浙江工业大学"}
    assert "杭州师范大学" not in response.content.decode()


def test_stations_without_a_base_are_listed_with_an_add_link(client_for, street_clerk, station):
    content = client_for(street_clerk).get(LIST).content.decode()
    assert _add_url(station) in content


@pytest.mark.parametrize("persona", ["community_user", "supervisor", "auditor"])
def test_others_cannot_open_the_list(request, client_for, base, persona):
    assert client_for(request.getfixturevalue(persona)).get(LIST).status_code == 404


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_stations_and_bases(
    client_for, district_user, station, django_assert_num_queries
):
    client = client_for(district_user)
    _base(station)
    few = _queries(client)
    for i, other in enumerate(StationFactory.create_batch(8)):
        _base(other, university=f"大学{i}")
        _base(other, university=f"学院{i}")
    assert PracticeBase.objects.count() == 17
    with django_assert_num_queries(few):
        client.get(LIST)


def test_clerk_list_queries_do_not_grow_with_bases(
    client_for, street_clerk, station, django_assert_num_queries
):
    client = client_for(street_clerk)
    _base(station)
    few = _queries(client)
    for i in range(10):
        _base(station, university=f"大学{i}")
    with django_assert_num_queries(few):
        client.get(LIST)


# Adding.


def _post(client, url, university="浙江大学", since=date(2024, 3, 1), **extra):
    return client.post(url, {"university": university, "since": since.isoformat(), **extra})


def test_clerk_adds_a_base_to_their_station(client_for, street_clerk, station):
    response = _post(client_for(street_clerk), _add_url(station))
    assert response.status_code == 302
    base = PracticeBase.objects.get()
    assert (base.station, base.university, base.since) == (station, "浙江大学", date(2024, 3, 1))
    assert AuditEvent.objects.get(event="practice_base_add").user == street_clerk


def test_district_adds_a_base_to_any_station(client_for, district_user, other_station):
    assert _post(client_for(district_user), _add_url(other_station)).status_code == 302
    assert PracticeBase.objects.get().station == other_station


@pytest.mark.parametrize("persona", OTHERS)
def test_others_cannot_add_to_the_street_station(request, client_for, station, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_add_url(station)).status_code == 404
    assert _post(client, _add_url(station)).status_code == 404
    assert not PracticeBase.objects.exists()


@pytest.mark.parametrize("persona", ["street_clerk", "community_user", "district_user"])
def test_a_workroom_has_no_practice_base(request, client_for, workroom, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_add_url(workroom)).status_code == 404
    assert _post(client, _add_url(workroom)).status_code == 404
    assert not PracticeBase.objects.exists()


def test_today_is_accepted_tomorrow_refused(client_for, street_clerk, station):
    client = client_for(street_clerk)
    today = timezone.localdate()
    response = _post(client, _add_url(station), since=today + timedelta(days=1))
    assert response.status_code == 200
    assert response.context["form"].has_error("since", code="future")
    assert not PracticeBase.objects.exists()
    assert _post(client, _add_url(station), since=today).status_code == 302


def test_before_2000_refused_first_day_of_2000_accepted(client_for, street_clerk, station):
    client = client_for(street_clerk)
    response = _post(client, _add_url(station), since=date(1999, 12, 31))
    assert response.context["form"].has_error("since", code="too_early")
    assert not PracticeBase.objects.exists()
    assert _post(client, _add_url(station), since=date(2000, 1, 1)).status_code == 302


def test_same_university_twice_at_a_station_is_refused(client_for, street_clerk, base):
    response = _post(client_for(street_clerk), _add_url(base.station), university=" 浙江工业大学 ")
    assert response.context["form"].has_error("university", code="duplicate")
    assert PracticeBase.objects.count() == 1


def test_control_characters_are_refused(client_for, street_clerk, station):
    response = _post(client_for(street_clerk), _add_url(station), university="浙大\x07")
    assert response.status_code == 200
    assert response.context["form"].errors["university"]
    assert not PracticeBase.objects.exists()


# Editing and deleting.


@pytest.mark.parametrize("name", ["projects:practice_base_edit", "projects:practice_base_delete"])
@pytest.mark.parametrize("persona", OTHERS)
def test_base_pages_are_404_out_of_scope(request, client_for, base, persona, name):
    client = client_for(request.getfixturevalue(persona))
    url = reverse(name, args=[base.pk])
    assert client.get(url).status_code == 404
    data = {"version": base.version, "university": "改名", "since": "2023-01-01"}
    assert client.post(url, data).status_code == 404
    assert PracticeBase.objects.get(pk=base.pk).university == "浙江工业大学"


def test_clerk_edits_their_base(client_for, street_clerk, base):
    url = reverse("projects:practice_base_edit", args=[base.pk])
    response = _post(client_for(street_clerk), url, university="浙江工业大学社会工作系", version=1)
    assert response.status_code == 302
    base.refresh_from_db()
    assert (base.university, base.version) == ("浙江工业大学社会工作系", 2)
    assert AuditEvent.objects.filter(event="practice_base_update").exists()


def test_edit_may_keep_its_own_university(client_for, street_clerk, base):
    url = reverse("projects:practice_base_edit", args=[base.pk])
    response = _post(client_for(street_clerk), url, university=base.university, version=1)
    assert response.status_code == 302


def test_edit_to_a_future_since_is_refused(client_for, street_clerk, base):
    url = reverse("projects:practice_base_edit", args=[base.pk])
    future = timezone.localdate() + timedelta(days=1)
    response = _post(client_for(street_clerk), url, since=future, version=1)
    assert response.context["form"].has_error("since", code="future")
    base.refresh_from_db()
    assert base.since == date(2023, 9, 1)


def test_stale_edit_is_refused(client_for, street_clerk, district_user, base):
    url = reverse("projects:practice_base_edit", args=[base.pk])
    assert _post(client_for(district_user), url, university="先到", version=1).status_code == 302
    response = _post(client_for(street_clerk), url, university="后到", version=1)
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="stale")
    base.refresh_from_db()
    assert base.university == "先到"


def test_delete_asks_first_then_deletes_and_audits(client_for, street_clerk, base):
    url = reverse("projects:practice_base_delete", args=[base.pk])
    client = client_for(street_clerk)
    assert client.get(url).status_code == 200
    assert PracticeBase.objects.filter(pk=base.pk).exists()
    assert client.post(url, {"version": 1}).status_code == 302
    assert not PracticeBase.objects.filter(pk=base.pk).exists()
    assert AuditEvent.objects.filter(event="practice_base_delete").exists()


def test_stale_delete_is_refused(client_for, street_clerk, base):
    base.save()  # changed after the confirmation page was opened: version 2
    url = reverse("projects:practice_base_delete", args=[base.pk])
    response = client_for(street_clerk).post(url, {"version": 1})
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="stale")
    assert PracticeBase.objects.filter(pk=base.pk).exists()


def test_huge_station_pk_is_404(client_for, district_user):
    url = reverse("projects:practice_base_add", args=[int("9" * 25)])
    assert client_for(district_user).get(url).status_code == 404


# The database's one base per station and university (one_practice_base_per_university).


def test_the_database_refuses_a_second_base_with_the_same_university(base):
    with pytest.raises(IntegrityError), transaction.atomic():
        _base(base.station, university=base.university)
    assert PracticeBase.objects.count() == 1


@pytest.mark.parametrize("model_check", [True, False], ids=["model_check", "database"])
def test_a_duplicate_that_races_past_the_check_is_the_same_refusal(
    monkeypatch, street_clerk, base, other_station, model_check
):
    """A second base saved between the service's check and its save: the model's check of
    the constraint, or else the database's, refuses it under ``university``, not a 500."""
    monkeypatch.setattr(awards, "_check_unique", lambda **kwargs: None)
    if not model_check:
        monkeypatch.setattr(PracticeBase, "validate_constraints", lambda self, **kw: None)
    with pytest.raises(ValidationError) as add:
        awards.practice_base_add(
            station=base.station,
            actor=street_clerk,
            ip=None,
            university=base.university,
            since=date(2024, 3, 1),
        )
    moved = _base(base.station, university="浙江大学")
    with pytest.raises(ValidationError) as update:
        awards.practice_base_update(
            base=moved,
            version=moved.version,
            actor=street_clerk,
            ip=None,
            university=base.university,
            since=date(2024, 3, 1),
        )
    for refused in (add.value, update.value):
        assert [e.code for e in refused.error_dict["university"]] == ["duplicate"]
    assert sorted(PracticeBase.objects.values_list("university", flat=True)) == [
        "浙江大学",
        "浙江工业大学",
    ]
    assert PracticeBase.objects.get(pk=moved.pk).version == 1
    assert not AuditEvent.objects.exists()
    # The same university at another station is no duplicate.
    assert _base(other_station, university=base.university).pk
