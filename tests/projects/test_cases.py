"""A unit's case studies (C2/C3, §5(4)): the list by year with each year's quota (2 for a
station, 1 for a workroom; in progress for the current year, met or not for a finished
one), add/edit/delete by the unit's record keepers only (audited, versioned), and 404 for
every pk URL out of scope. The documents are in ``test_cases_files.py``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from projects.models import Award, CaseStudy
from projects.services import cases as services
from tests.projects.factories import CaseStudyFactory

THIS_YEAR = timezone.localdate().year
FINISHED = THIS_YEAR - 1


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _list(client, unit, **params):
    return client.get(reverse("projects:cases", args=[unit.pk]), params)


def _row(response, year):
    [row] = [r for r in response.context["progress"] if r.year == year]
    return row


# The yearly quota


@pytest.mark.parametrize(("count", "status"), [(0, "not_met"), (1, "not_met"), (2, "met")])
def test_a_station_needs_2_case_studies_in_a_finished_year(
    client_for, street_clerk, station, count, status
):
    CaseStudyFactory.create_batch(count, unit=station, year=FINISHED)
    row = _row(_list(client_for(street_clerk), station), FINISHED)
    assert (row.count, row.quota, row.status) == (count, 2, status)
    assert [f.rule for f in row.findings] == (["C2"] if status == "not_met" else [])


@pytest.mark.parametrize(("count", "status"), [(0, "not_met"), (1, "met")])
def test_a_workroom_needs_1_case_study_in_a_finished_year(
    client_for, community_user, workroom, count, status
):
    CaseStudyFactory.create_batch(count, unit=workroom, year=FINISHED)
    row = _row(_list(client_for(community_user), workroom), FINISHED)
    assert (row.count, row.quota, row.status) == (count, 1, status)
    assert [f.rule for f in row.findings] == (["C3"] if status == "not_met" else [])


def test_the_current_year_is_in_progress_whatever_the_count(client_for, street_clerk, station):
    CaseStudyFactory(unit=station, year=THIS_YEAR)
    row = _row(_list(client_for(street_clerk), station), THIS_YEAR)
    assert (row.count, row.quota, row.status, row.findings) == (1, 2, "in_progress", [])


def test_the_years_run_from_2022_to_this_year_latest_first(client_for, street_clerk, station):
    response = _list(client_for(street_clerk), station)
    years = [r.year for r in response.context["progress"]]
    assert years == list(range(THIS_YEAR, 2021, -1))
    html = response.content.decode()
    assert f'data-year="{FINISHED}" data-status="not_met"' in html
    assert f'data-year="{THIS_YEAR}" data-status="in_progress"' in html
    assert f"{FINISHED}: 0 / 2" in html or f"{FINISHED} 年：0 / 2" in html


def test_a_later_year_recorded_ahead_is_listed_in_progress(client_for, street_clerk, station):
    CaseStudyFactory(unit=station, year=THIS_YEAR + 1)
    response = _list(client_for(street_clerk), station)
    assert response.context["progress"][0].year == THIS_YEAR + 1
    assert _row(response, THIS_YEAR + 1).status == "in_progress"


def test_the_year_filter_lists_one_years_case_studies(client_for, street_clerk, station):
    a = CaseStudyFactory(unit=station, year=FINISHED)
    b = CaseStudyFactory(unit=station, year=THIS_YEAR)
    client = client_for(street_clerk)
    assert list(_list(client, station, year=FINISHED).context["cases"]) == [a]
    assert list(_list(client, station).context["cases"]) == [b, a]
    # A year out of range is shown as an error and does not filter.
    for bad in ("2021", "2101", "abc"):
        response = _list(client, station, year=bad)
        assert response.status_code == 200
        assert response.context["year_form"].errors["year"]
        assert list(response.context["cases"]) == [b, a]


def test_only_this_units_case_studies_are_listed(client_for, district_user, station, workroom):
    own = CaseStudyFactory(unit=station, year=FINISHED)
    CaseStudyFactory(unit=workroom, year=FINISHED)
    response = _list(client_for(district_user), station)
    assert list(response.context["cases"]) == [own]
    assert _row(response, FINISHED).count == 1


def test_the_list_is_not_cached_and_takes_get_only(client_for, street_clerk, station):
    client = client_for(street_clerk)
    response = _list(client, station)
    assert "no-store" in response.headers["Cache-Control"]
    assert client.head(reverse("projects:cases", args=[station.pk])).status_code == 200
    assert client.post(reverse("projects:cases", args=[station.pk])).status_code == 405


def _list_queries(client, unit):
    with CaptureQueriesContext(connection) as ctx:
        response = _list(client, unit)
    assert response.status_code == 200
    return len(ctx), len(response.context["cases"])


def test_the_list_costs_the_same_queries_for_1_or_8_case_studies(
    client_for, street_clerk, station, django_assert_num_queries
):
    client = client_for(street_clerk)
    services.case_study_add(unit=station, actor=street_clerk, year=FINISHED, title="案例0")
    at_one, listed = _list_queries(client, station)
    assert listed == 1
    for i in range(1, 8):
        services.case_study_add(
            unit=station, actor=street_clerk, year=2022 + i % 4, title=f"案例{i}"
        )
    # Documents too: their links cost no query.
    CaseStudy.objects.filter(title="案例3").update(
        file="cases/2022/x.pdf", file_name="案例.pdf", file_size=9
    )
    with django_assert_num_queries(at_one):
        response = _list(client, station)
    assert len(response.context["cases"]) == 8
    assert reverse("projects:case_file", args=[CaseStudy.objects.get(title="案例3").pk]) in (
        response.content.decode()
    )


# Who may see and write


@pytest.mark.parametrize("persona", ["district_user", "street_clerk"])
def test_the_district_and_the_street_see_the_stations_list(request, client_for, station, persona):
    response = _list(client_for(request.getfixturevalue(persona)), station)
    assert response.status_code == 200
    assert response.context["may_write"] is True


@pytest.mark.parametrize(
    "persona", ["other_street_clerk", "community_user", "supervisor", "auditor"]
)
def test_the_stations_list_is_404_out_of_scope(request, client_for, station, persona):
    assert _list(client_for(request.getfixturevalue(persona)), station).status_code == 404


def test_a_supervisor_linked_to_the_unit_reads_but_may_not_write(
    client_for, supervisor, station, monkeypatch
):
    from accounts import access

    monkeypatch.setattr(
        access, "supervised_units", lambda user, on: access.Unit.objects.filter(pk=station.pk)
    )
    response = _list(client_for(supervisor), station)
    assert response.status_code == 200
    assert response.context["may_write"] is False
    assert reverse("projects:case_add", args=[station.pk]) not in response.content.decode()
    assert (
        client_for(supervisor).get(reverse("projects:case_add", args=[station.pk])).status_code
        == 404
    )


def _pk_urls(unit, case):
    return [
        reverse("projects:cases", args=[unit.pk]),
        reverse("projects:case_add", args=[unit.pk]),
        reverse("projects:case_edit", args=[case.pk]),
        reverse("projects:case_delete", args=[case.pk]),
        reverse("projects:case_file", args=[case.pk]),
    ]


@pytest.mark.parametrize("persona", ["other_street_clerk", "supervisor", "auditor"])
def test_every_case_url_is_404_out_of_scope_for_get_and_post(request, client_for, station, persona):
    case = CaseStudyFactory(unit=station, year=FINISHED)
    client = client_for(request.getfixturevalue(persona))
    for url in _pk_urls(station, case):
        assert client.get(url).status_code == 404, url
        assert (
            client.post(url, {"title": "x", "year": FINISHED, "version": 1}).status_code == 404
        ), url
    case.refresh_from_db()
    assert case.version == 1
    assert not AuditEvent.objects.filter(event__startswith="case_study").exists()


def test_the_community_user_keeps_the_own_workroom_only(
    client_for, community_user, workroom, station, other_workroom
):
    client = client_for(community_user)
    assert client.get(reverse("projects:case_add", args=[workroom.pk])).status_code == 200
    for unit in (station, other_workroom):
        assert client.get(reverse("projects:case_add", args=[unit.pk])).status_code == 404
        case = CaseStudyFactory(unit=unit, year=FINISHED)
        for url in _pk_urls(unit, case):
            assert client.get(url).status_code == 404, url


def test_the_other_streets_clerk_cannot_post_an_edit_or_delete(
    client_for, other_street_clerk, station
):
    case = CaseStudyFactory(unit=station, year=FINISHED, title="原标题")
    client = client_for(other_street_clerk)
    edit = reverse("projects:case_edit", args=[case.pk])
    data = {"year": FINISHED, "title": "篡改", "version": 1}
    assert client.post(edit, data).status_code == 404
    delete = reverse("projects:case_delete", args=[case.pk])
    assert client.post(delete, {"version": 1}).status_code == 404
    case.refresh_from_db()
    assert case.title == "原标题"


# Writes: versioned and audited


def test_add_edit_delete_are_audited(client_for, district_user, workroom):
    client = client_for(district_user)
    add = reverse("projects:case_add", args=[workroom.pk])
    response = client.post(add, {"year": FINISHED, "title": "社区融入", "field": "为老"})
    assert response.status_code == 302
    case = CaseStudy.objects.get()
    edit = reverse("projects:case_edit", args=[case.pk])
    data = {"year": FINISHED, "title": "社区融入（修订）", "field": "为老", "version": 1}
    assert client.post(edit, data).status_code == 302
    delete = reverse("projects:case_delete", args=[case.pk])
    assert client.post(delete, {"version": 2}).status_code == 302
    events = list(
        AuditEvent.objects.filter(event__startswith="case_study")
        .order_by("pk")
        .values_list("event", "user", "object")
    )
    assert events == [
        ("case_study_add", district_user.pk, "社区融入"),
        ("case_study_edit", district_user.pk, "社区融入（修订）"),
        ("case_study_delete", district_user.pk, "社区融入（修订）"),
    ]
    assert "社区融入（修订）" in AuditEvent.objects.get(event="case_study_edit").detail


def test_a_stale_edit_is_refused_and_loses_nothing(client_for, street_clerk, station):
    case = CaseStudyFactory(unit=station, year=FINISHED, title="原标题")
    services.case_study_update(
        case=case, version=1, actor=street_clerk, year=FINISHED, title="别人先改"
    )
    edit = reverse("projects:case_edit", args=[case.pk])
    response = client_for(street_clerk).post(
        edit, {"year": FINISHED, "title": "我的修改", "version": 1}
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    case.refresh_from_db()
    assert (case.title, case.version) == ("别人先改", 2)


def test_a_stale_delete_is_refused(client_for, street_clerk, station):
    case = CaseStudyFactory(unit=station, year=FINISHED)
    services.case_study_update(case=case, version=1, actor=street_clerk, year=FINISHED, title="改")
    delete = reverse("projects:case_delete", args=[case.pk])
    response = client_for(street_clerk).post(delete, {"version": 1})
    assert response.status_code == 200
    assert CaseStudy.objects.filter(pk=case.pk).exists()
    assert not AuditEvent.objects.filter(event="case_study_delete").exists()


def test_a_case_study_named_by_an_award_is_not_deleted(client_for, district_user, station):
    case = CaseStudyFactory(unit=station, year=FINISHED)
    Award.objects.create(title="优秀案例", level="district", year=FINISHED, case_study=case)
    delete = reverse("projects:case_delete", args=[case.pk])
    response = client_for(district_user).post(delete, {"version": case.version})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["has_awards"]
    assert CaseStudy.objects.filter(pk=case.pk).exists()


@pytest.mark.parametrize(("year", "ok"), [(2021, False), (2022, True), (2100, True), (2101, False)])
def test_the_year_is_2022_to_2100(client_for, street_clerk, station, year, ok):
    add = reverse("projects:case_add", args=[station.pk])
    response = client_for(street_clerk).post(add, {"year": year, "title": "案例"})
    assert response.status_code == (302 if ok else 200)
    assert CaseStudy.objects.exists() is ok
    if not ok:
        assert response.context["form"].errors["year"]


def test_a_title_is_required_and_control_characters_are_refused(client_for, street_clerk, station):
    add = reverse("projects:case_add", args=[station.pk])
    client = client_for(street_clerk)
    assert client.post(add, {"year": FINISHED, "title": ""}).context["form"].errors["title"]
    response = client.post(add, {"year": FINISHED, "title": "案\x07例"})
    assert response.context["form"].errors["title"]
    assert not CaseStudy.objects.exists()


def test_the_edit_and_delete_pages_open_for_the_keeper(client_for, street_clerk, station):
    case = CaseStudyFactory(unit=station, year=FINISHED)
    client = client_for(street_clerk)
    edit = client.get(reverse("projects:case_edit", args=[case.pk]))
    assert edit.status_code == 200
    assert edit.context["form"]["version"].value() == 1
    assert 'enctype="multipart/form-data"' in edit.content.decode()
    assert client.get(reverse("projects:case_delete", args=[case.pk])).status_code == 200


def test_an_edit_of_a_case_study_deleted_meanwhile_is_stale_not_a_500(street_clerk, station):
    case = CaseStudyFactory(unit=station, year=FINISHED)
    CaseStudy.objects.filter(pk=case.pk).delete()
    with pytest.raises(services.StaleEdit):
        services.case_study_update(
            case=case, version=1, actor=street_clerk, year=FINISHED, title="改"
        )
    with pytest.raises(services.StaleEdit):
        services.case_study_delete(case=case, version=1, actor=street_clerk)
