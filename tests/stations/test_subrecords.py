"""A unit's sub-records kept through the portal's own pages, not the admin: the three lists
(L1), special stations (F9), schools served (T4) and demonstration-site recognitions (T1/T3).

Each write is scoped (out of scope: 404, for GET and POST alike), refuses bad input with a
Chinese message naming the field and writes nothing, and leaves a history record.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stations import services
from stations.models import ListItem, Recognition, School, SpecialStation

READ_ONLY = ["supervisor", "auditor"]


def _login(client, user):
    client.force_login(user)
    return client


def _body(response):
    return response.content.decode()


@pytest.fixture
def item(station):
    return ListItem.objects.create(unit=station, list="needs", title="独居老人助餐")


@pytest.fixture
def other_item(other_station):
    return ListItem.objects.create(unit=other_station, list="needs", title="外街道需求")


@pytest.fixture
def special(station):
    return SpecialStation.objects.create(station=station, name="未成年人保护工作站", field="未保")


@pytest.fixture
def other_special(other_station):
    return SpecialStation.objects.create(station=other_station, name="司法工作站", field="司法")


@pytest.fixture
def school(street):
    return School.objects.create(street=street, name="清波小学")


@pytest.fixture
def other_school(other_street):
    return School.objects.create(street=other_street, name="湖滨小学")


@pytest.fixture
def recognition(station):
    return Recognition.objects.create(unit=station, level="municipal", year=2023, title="示范站")


# Lists (L1)


def test_street_clerk_adds_a_resource_with_its_five_party_tag(client, street_clerk, station):
    url = reverse("stations:list_item_add", args=[station.pk])
    data = {
        "list": "resources",
        "title": "辖区律师志愿队",
        "detail": "每月两次",
        "party": "volunteers",
    }
    response = _login(client, street_clerk).post(url, data)
    assert response.status_code == 302
    assert response.url == station.get_absolute_url()
    item = ListItem.objects.get()
    assert (item.unit, item.list, item.title, item.detail, item.party) == (
        station,
        "resources",
        "辖区律师志愿队",
        "每月两次",
        "volunteers",
    )


def test_five_party_tag_on_a_needs_item_is_refused_naming_the_field(client, street_clerk, station):
    url = reverse("stations:list_item_add", args=[station.pk])
    data = {"list": "needs", "title": "助餐需求", "party": "charity"}
    response = _login(client, street_clerk).post(url, data)
    assert response.status_code == 200
    assert "五社联动类别：只有优势资源清单的条目可标注五社联动类别。" in _body(response)
    assert ListItem.objects.count() == 0


def test_list_item_without_title_is_refused_naming_the_field(client, street_clerk, station):
    url = reverse("stations:list_item_add", args=[station.pk])
    response = _login(client, street_clerk).post(url, {"list": "needs", "title": ""})
    assert response.status_code == 200
    assert "名称：" in _body(response)
    assert ListItem.objects.count() == 0


def test_street_clerk_edits_a_list_item(client, street_clerk, item):
    url = reverse("stations:list_item_edit", args=[item.pk])
    data = {"list": "projects", "title": "长者助餐项目", "detail": "", "party": "", "version": 1}
    assert _login(client, street_clerk).post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.list, item.title) == ("projects", "长者助餐项目")


def test_community_user_keeps_the_lists_of_own_workroom(client, community_user, workroom):
    url = reverse("stations:list_item_add", args=[workroom.pk])
    response = _login(client, community_user).post(url, {"list": "needs", "title": "托育"})
    assert response.status_code == 302
    assert workroom.list_items.get().title == "托育"


def test_community_user_cannot_write_the_station_lists(client, community_user, station, item):
    _login(client, community_user)
    for url in [
        reverse("stations:list_item_add", args=[station.pk]),
        reverse("stations:list_item_edit", args=[item.pk]),
        reverse("stations:list_item_delete", args=[item.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"list": "needs", "title": "x"}).status_code == 404
    assert ListItem.objects.count() == 1


def test_list_item_delete_get_asks_and_keeps_the_item(client, street_clerk, item):
    response = _login(client, street_clerk).get(
        reverse("stations:list_item_delete", args=[item.pk])
    )
    assert response.status_code == 200
    assert "独居老人助餐" in _body(response) and 'method="post"' in _body(response)
    assert ListItem.objects.filter(pk=item.pk).exists()


def test_list_item_delete_post_removes_it_and_history_keeps_who(client, street_clerk, item):
    response = _login(client, street_clerk).post(
        reverse("stations:list_item_delete", args=[item.pk]), {"version": 1}
    )
    assert response.status_code == 302
    assert not ListItem.objects.filter(pk=item.pk).exists()
    deleted = ListItem.history.get(id=item.pk, history_type="-")
    assert deleted.history_user == street_clerk and deleted.title == "独居老人助餐"


def test_list_item_history_records_the_edit_and_who(client, street_clerk, item):
    url = reverse("stations:list_item_edit", args=[item.pk])
    data = {"list": "needs", "title": "助浴需求", "detail": "", "party": "", "version": 1}
    _login(client, street_clerk).post(url, data)
    latest = item.history.first()
    assert latest.history_type == "~"
    assert latest.title == "助浴需求" and latest.history_user == street_clerk
    assert item.history.last().title == "独居老人助餐"


def test_street_clerk_gets_404_for_another_streets_list(
    client, street_clerk, other_station, other_item
):
    _login(client, street_clerk)
    for url in [
        reverse("stations:list_item_add", args=[other_station.pk]),
        reverse("stations:list_item_edit", args=[other_item.pk]),
        reverse("stations:list_item_delete", args=[other_item.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"list": "needs", "title": "越权"}).status_code == 404
    other_item.refresh_from_db()
    assert other_item.title == "外街道需求"
    assert ListItem.objects.count() == 1


@pytest.mark.parametrize("persona", READ_ONLY)
def test_read_only_roles_get_404_on_list_urls(client, request, persona, station, item):
    _login(client, request.getfixturevalue(persona))
    for url in [
        reverse("stations:list_item_add", args=[station.pk]),
        reverse("stations:list_item_edit", args=[item.pk]),
        reverse("stations:list_item_delete", args=[item.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"list": "needs", "title": "x"}).status_code == 404
    assert ListItem.objects.count() == 1


def test_unit_page_shows_the_new_item_under_its_list_with_links(client, street_clerk, station):
    _login(client, street_clerk).post(
        reverse("stations:list_item_add", args=[station.pk]),
        {"list": "resources", "title": "慈善基金", "party": "charity"},
    )
    body = _body(client.get(station.get_absolute_url()))
    item = ListItem.objects.get()
    assert "优势资源清单" in body and "慈善基金" in body and "社会慈善资源" in body
    assert reverse("stations:list_item_edit", args=[item.pk]) in body
    assert reverse("stations:list_item_delete", args=[item.pk]) in body


def _unit_page_queries(client, unit):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(unit.get_absolute_url()).status_code == 200
    return len(ctx)


def test_unit_page_query_count_does_not_grow_with_list_items(
    client, street_clerk, station, django_assert_num_queries
):
    _login(client, street_clerk)
    for i in range(3):
        ListItem.objects.create(unit=station, list="resources", title=f"资源{i}", party="charity")
    at_three = _unit_page_queries(client, station)
    for i in range(3, 12):
        code = ["needs", "resources", "projects"][i % 3]
        ListItem.objects.create(unit=station, list=code, title=f"条目{i}")
    with django_assert_num_queries(at_three):
        client.get(station.get_absolute_url())


# Special stations (F9)


def test_street_clerk_adds_a_special_station(client, street_clerk, station):
    url = reverse("stations:special_station_add", args=[station.pk])
    data = {"name": "未成年人保护工作站", "field": "未成年人保护"}
    response = _login(client, street_clerk).post(url, data)
    assert response.status_code == 302
    special = SpecialStation.objects.get()
    assert (special.station, special.name, special.field) == (
        station,
        "未成年人保护工作站",
        "未成年人保护",
    )
    assert special.history.get().history_user == street_clerk


def test_special_station_without_field_is_refused_naming_it(client, street_clerk, station):
    url = reverse("stations:special_station_add", args=[station.pk])
    response = _login(client, street_clerk).post(url, {"name": "司法工作站", "field": ""})
    assert response.status_code == 200
    assert "服务领域：" in _body(response)
    assert SpecialStation.objects.count() == 0


def test_a_workroom_has_no_special_stations(client, street_clerk, workroom):
    url = reverse("stations:special_station_add", args=[workroom.pk])
    _login(client, street_clerk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "司法工作站", "field": "司法"}).status_code == 404
    assert SpecialStation.objects.count() == 0


def test_street_clerk_edits_a_special_station_and_history_records_it(client, street_clerk, special):
    url = reverse("stations:special_station_edit", args=[special.pk])
    data = {"name": "青少年服务站", "field": "青少年", "version": 1}
    assert _login(client, street_clerk).post(url, data).status_code == 302
    special.refresh_from_db()
    assert (special.name, special.field) == ("青少年服务站", "青少年")
    assert [h.name for h in special.history.all()] == ["青少年服务站", "未成年人保护工作站"]


def test_special_station_delete_asks_first_and_deletes_on_post(client, street_clerk, special):
    url = reverse("stations:special_station_delete", args=[special.pk])
    _login(client, street_clerk)
    assert client.get(url).status_code == 200
    assert SpecialStation.objects.filter(pk=special.pk).exists()
    assert client.post(url, {"version": 1}).status_code == 302
    assert not SpecialStation.objects.filter(pk=special.pk).exists()
    assert SpecialStation.history.filter(id=special.pk, history_type="-").exists()


def test_street_clerk_gets_404_for_another_streets_special_stations(
    client, street_clerk, other_station, other_special
):
    _login(client, street_clerk)
    for url in [
        reverse("stations:special_station_add", args=[other_station.pk]),
        reverse("stations:special_station_edit", args=[other_special.pk]),
        reverse("stations:special_station_delete", args=[other_special.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "越权", "field": "越权"}).status_code == 404
    other_special.refresh_from_db()
    assert other_special.name == "司法工作站"
    assert SpecialStation.objects.count() == 1


@pytest.mark.parametrize("persona", [*READ_ONLY, "community_user"])
def test_read_only_roles_get_404_on_special_station_urls(
    client, request, persona, station, special
):
    _login(client, request.getfixturevalue(persona))
    for url in [
        reverse("stations:special_station_add", args=[station.pk]),
        reverse("stations:special_station_edit", args=[special.pk]),
        reverse("stations:special_station_delete", args=[special.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "x", "field": "x"}).status_code == 404
    assert SpecialStation.objects.count() == 1


def test_unit_page_shows_the_special_station_with_links(client, street_clerk, station, special):
    body = _body(_login(client, street_clerk).get(station.get_absolute_url()))
    assert "未成年人保护工作站" in body
    assert reverse("stations:special_station_edit", args=[special.pk]) in body
    assert reverse("stations:special_station_add", args=[station.pk]) in body


# Schools (T4)


def test_street_clerk_adds_a_school_served_by_the_streets_units(
    client, street_clerk, street, station, workroom
):
    url = reverse("stations:school_add", args=[street.pk])
    data = {"name": "清波中学", "served_by": [station.pk, workroom.pk]}
    response = _login(client, street_clerk).post(url, data)
    assert response.status_code == 302
    assert response.url == street.get_absolute_url()
    school = School.objects.get()
    assert (school.street, school.name) == (street, "清波中学")
    assert set(school.served_by.all()) == {station, workroom}


def test_duplicate_school_name_in_the_street_is_refused_naming_the_field(
    client, street_clerk, street, school
):
    url = reverse("stations:school_add", args=[street.pk])
    response = _login(client, street_clerk).post(url, {"name": "清波小学"})
    assert response.status_code == 200
    assert "名称：本街道已有同名学校。" in _body(response)
    assert School.objects.count() == 1


def test_same_school_name_in_another_street_is_fine(client, district_user, street, other_school):
    url = reverse("stations:school_add", args=[street.pk])
    assert _login(client, district_user).post(url, {"name": "湖滨小学"}).status_code == 302
    assert School.objects.filter(name="湖滨小学").count() == 2


def test_a_school_cannot_be_served_by_another_streets_unit(
    client, street_clerk, street, other_station
):
    url = reverse("stations:school_add", args=[street.pk])
    data = {"name": "清波中学", "served_by": [other_station.pk]}
    response = _login(client, street_clerk).post(url, data)
    assert response.status_code == 200
    assert "服务的站（室）：" in _body(response)
    assert School.objects.count() == 0


def test_school_form_offers_only_the_streets_units(
    client, street_clerk, street, station, other_station
):
    body = _body(_login(client, street_clerk).get(reverse("stations:school_add", args=[street.pk])))
    assert 'type="checkbox"' in body
    assert station.name in body and other_station.name not in body


def test_street_clerk_edits_a_school_and_history_records_the_served_units(
    client, street_clerk, school, station, workroom
):
    school.served_by.set([station])
    url = reverse("stations:school_edit", args=[school.pk])
    data = {"name": "清波实验小学", "served_by": [workroom.pk], "version": 1}
    assert _login(client, street_clerk).post(url, data).status_code == 302
    school.refresh_from_db()
    assert school.name == "清波实验小学"
    assert list(school.served_by.all()) == [workroom]
    latest = school.history.first()
    assert latest.history_user == street_clerk
    assert [m.unit_id for m in latest.served_by.all()] == [workroom.pk]


def test_renaming_a_school_to_its_own_name_is_fine(client, street_clerk, school):
    url = reverse("stations:school_edit", args=[school.pk])
    data = {"name": "清波小学", "version": 1}
    assert _login(client, street_clerk).post(url, data).status_code == 302


def test_street_clerk_gets_404_for_another_streets_schools(
    client, street_clerk, other_street, other_school
):
    _login(client, street_clerk)
    for url in [
        reverse("stations:school_add", args=[other_street.pk]),
        reverse("stations:school_edit", args=[other_school.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "越权学校"}).status_code == 404
    other_school.refresh_from_db()
    assert other_school.name == "湖滨小学"
    assert School.objects.count() == 1


@pytest.mark.parametrize("persona", [*READ_ONLY, "community_user"])
def test_read_only_roles_get_404_on_school_urls(client, request, persona, street, school):
    _login(client, request.getfixturevalue(persona))
    for url in [
        reverse("stations:school_add", args=[street.pk]),
        reverse("stations:school_edit", args=[school.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "新学校"}).status_code == 404
    assert School.objects.count() == 1


def test_street_page_lists_the_schools_and_who_serves_them(
    client, street_clerk, street, school, workroom
):
    school.served_by.set([workroom])
    body = _body(_login(client, street_clerk).get(street.get_absolute_url()))
    assert "清波小学" in body and workroom.name in body
    assert reverse("stations:school_edit", args=[school.pk]) in body


def test_unit_page_shows_the_school_it_serves(client, community_user, workroom, school):
    school.served_by.set([workroom])
    body = _body(_login(client, community_user).get(workroom.get_absolute_url()))
    assert "清波小学" in body


# Recognitions (T1/T3)


def test_district_records_a_recognition(client, district_user, station):
    url = reverse("stations:recognition_add", args=[station.pk])
    data = {"level": "provincial", "year": 2024, "title": "省级示范站"}
    response = _login(client, district_user).post(url, data)
    assert response.status_code == 302
    rec = Recognition.objects.get()
    assert (rec.unit, rec.level, rec.year, rec.title, rec.revoked_on) == (
        station,
        "provincial",
        2024,
        "省级示范站",
        None,
    )
    assert rec.history.get().history_user == district_user


@pytest.mark.parametrize("year", [1999, 2101])
def test_recognition_year_outside_2000_to_2100_is_refused_naming_it(
    client, district_user, station, year
):
    url = reverse("stations:recognition_add", args=[station.pk])
    response = _login(client, district_user).post(url, {"level": "municipal", "year": year})
    assert response.status_code == 200
    assert "年度：" in _body(response)
    assert Recognition.objects.count() == 0


def test_second_recognition_at_same_level_and_year_is_refused(
    client, district_user, station, recognition
):
    url = reverse("stations:recognition_add", args=[station.pk])
    response = _login(client, district_user).post(url, {"level": "municipal", "year": 2023})
    assert response.status_code == 200
    assert "年度：该站（室）本年度已有同级别的示范点认定。" in _body(response)
    assert Recognition.objects.count() == 1


def test_district_revokes_a_recognition_and_history_records_it(client, district_user, recognition):
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    _login(client, district_user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"revoked_on": "2025-03-01"}).status_code == 302
    recognition.refresh_from_db()
    assert recognition.revoked_on == date(2025, 3, 1)
    latest = recognition.history.first()
    assert latest.revoked_on == date(2025, 3, 1) and latest.history_user == district_user


def test_revocation_before_the_recognition_year_is_refused_naming_the_field(
    client, district_user, recognition
):
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    response = _login(client, district_user).post(url, {"revoked_on": "2022-12-31"})
    assert response.status_code == 200
    assert "撤销日期：不得早于认定年度的 2023 年 1 月 1 日。" in _body(response)
    recognition.refresh_from_db()
    assert recognition.revoked_on is None


def test_revocation_on_1_january_of_the_year_is_accepted(client, district_user, recognition):
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    assert _login(client, district_user).post(url, {"revoked_on": "2023-01-01"}).status_code == 302
    recognition.refresh_from_db()
    assert recognition.revoked_on == date(2023, 1, 1)


def test_a_revoked_recognition_is_not_revoked_again(client, district_user, recognition):
    recognition.revoked_on = date(2024, 6, 1)
    recognition.save()
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    response = _login(client, district_user).post(url, {"revoked_on": "2025-01-01"})
    assert response.status_code == 200
    assert "撤销日期：已于 2024-06-01 撤销。" in _body(response)
    recognition.refresh_from_db()
    assert recognition.revoked_on == date(2024, 6, 1)


@pytest.mark.parametrize("persona", ["street_clerk", "community_user", *READ_ONLY])
def test_only_the_district_records_and_revokes_recognitions(
    client, request, persona, workroom, recognition
):
    """A street clerk reads the unit's recognitions but the URLs to change them are 404."""
    _login(client, request.getfixturevalue(persona))
    for unit in [recognition.unit, workroom]:
        url = reverse("stations:recognition_add", args=[unit.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"level": "national", "year": 2024}).status_code == 404
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"revoked_on": "2025-01-01"}).status_code == 404
    assert Recognition.objects.count() == 1
    recognition.refresh_from_db()
    assert recognition.revoked_on is None


def test_unit_page_shows_recognition_and_revoke_link_to_the_district_only(
    client, district_user, street_clerk, station, recognition
):
    revoke = reverse("stations:recognition_revoke", args=[recognition.pk])
    body = _body(_login(client, district_user).get(station.get_absolute_url()))
    assert "示范站" in body and revoke in body
    assert reverse("stations:recognition_add", args=[station.pk]) in body
    body = _body(_login(client, street_clerk).get(station.get_absolute_url()))
    assert "示范站" in body and revoke not in body


# The services refuse what the models forbid even without a form in front of them.


def test_list_item_service_refuses_a_tag_on_a_needs_item(station):
    with pytest.raises(ValidationError):
        services.list_item_add(unit=station, list="needs", title="助餐", party="charity")
    assert ListItem.objects.count() == 0


def test_special_station_service_refuses_a_workroom(workroom):
    with pytest.raises(ValidationError) as e:
        services.special_station_add(station=workroom, name="司法工作站", field="司法")
    assert "station" in e.value.message_dict
    assert SpecialStation.objects.count() == 0


def test_school_service_refuses_another_streets_unit(street, other_station):
    with pytest.raises(ValidationError) as e:
        services.school_add(street=street, name="清波中学", served_by=[other_station])
    assert "served_by" in e.value.message_dict
    assert School.objects.count() == 0


def test_school_service_refuses_a_duplicate_name(street, school):
    with pytest.raises(ValidationError):
        services.school_add(street=street, name="清波小学")
    assert School.objects.count() == 1
