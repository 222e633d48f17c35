"""Concurrent edits of a unit's sub-records (SECURITY.md): the second of two saves from
stale forms is told so, in Chinese, and loses nothing silently; so is a stale delete.

Two clerks open the same edit page (the same hidden ``version``) and post one after the
other: the first save stands, the second is refused above the form.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import RecognitionFactory

STALE = "其他人"


def _body(response):
    return response.content.decode()


def _opened_version(client, url) -> str:
    """The version an edit or delete page carries, as a clerk who opens it now would post."""
    found = re.search(r'name="version" value="(\d+)"', _body(client.get(url)))
    assert found, "the page carries no hidden version"
    return found.group(1)


# (fixture, edit URL, the first clerk's data, the second clerk's data, fields compared)
EDITS = {
    "list item": (
        "item",
        "stations:list_item_edit",
        {"list": "needs", "title": "助餐需求（第一位）", "detail": "每日午餐", "party": ""},
        {"list": "projects", "title": "助餐项目（第二位）", "detail": "", "party": ""},
        ["list", "title", "detail"],
    ),
    "special station": (
        "special",
        "stations:special_station_edit",
        {"name": "青少年服务站", "field": "青少年"},
        {"name": "司法服务站", "field": "司法"},
        ["name", "field"],
    ),
    "school": (
        "school",
        "stations:school_edit",
        {"name": "清波实验小学"},
        {"name": "清波第二小学"},
        ["name"],
    ),
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_second_save_from_a_stale_form_is_refused_and_the_first_stands(
    client_for, request, street_clerk, kind
):
    fixture, url_name, first, second, fields = EDITS[kind]
    record = request.getfixturevalue(fixture)
    url = reverse(url_name, args=[record.pk])
    client = client_for(street_clerk)
    # given: two clerks open the same page
    version_a, version_b = _opened_version(client, url), _opened_version(client, url)
    # when: both save, one after the other
    assert client.post(url, {**first, "version": version_a}).status_code == 302
    response = client.post(url, {**second, "version": version_b})
    # then: the second is told, and the record keeps the first clerk's data
    assert response.status_code == 200
    assert STALE in _body(response)
    record.refresh_from_db()
    assert {f: getattr(record, f) for f in fields} == {f: first[f] for f in fields}
    assert record.version == 2


def test_a_school_refused_as_stale_keeps_the_served_units_of_the_first_save(
    client_for, street_clerk, school, station, workroom
):
    url = reverse("stations:school_edit", args=[school.pk])
    client = client_for(street_clerk)
    first = {"name": "清波小学", "served_by": [station.pk], "version": 1}
    second = {"name": "清波小学", "served_by": [workroom.pk], "version": 1}
    assert client.post(url, first).status_code == 302
    assert STALE in _body(client.post(url, second))
    assert list(school.served_by.all()) == [station]


def test_the_refused_form_keeps_the_second_clerks_input_to_enter_again(
    client_for, street_clerk, special
):
    url = reverse("stations:special_station_edit", args=[special.pk])
    client = client_for(street_clerk)
    client.post(url, {"name": "青少年服务站", "field": "青少年", "version": 1})
    body = _body(client.post(url, {"name": "司法服务站", "field": "司法", "version": 1}))
    assert 'value="司法服务站"' in body


# (fixture, delete URL, edit URL, an edit made by someone else meanwhile, the field it sets)
DELETES = {
    "list item": (
        "item",
        "stations:list_item_delete",
        "stations:list_item_edit",
        {"list": "needs", "title": "助浴需求", "detail": "", "party": ""},
        "title",
    ),
    "special station": (
        "special",
        "stations:special_station_delete",
        "stations:special_station_edit",
        {"name": "青少年服务站", "field": "青少年"},
        "name",
    ),
}


@pytest.mark.parametrize("kind", sorted(DELETES))
def test_a_delete_confirmed_on_a_stale_page_is_refused_and_deletes_nothing(
    client_for, request, street_clerk, kind
):
    fixture, delete_name, edit_name, edit, field = DELETES[kind]
    record = request.getfixturevalue(fixture)
    delete_url = reverse(delete_name, args=[record.pk])
    edit_url = reverse(edit_name, args=[record.pk])
    client = client_for(street_clerk)
    # given: one clerk opens the delete page, another saves an edit meanwhile
    version = _opened_version(client, delete_url)
    assert (
        client.post(edit_url, {**edit, "version": _opened_version(client, edit_url)}).status_code
        == 302
    )
    # when: the first confirms the delete
    response = client.post(delete_url, {"version": version})
    # then: refused, and the record is there with the edit
    assert response.status_code == 200
    assert STALE in _body(response)
    record.refresh_from_db()
    assert getattr(record, field) == edit[field]
    assert not type(record).history.filter(id=record.pk, history_type="-").exists()


@pytest.mark.parametrize("kind", sorted(DELETES))
def test_a_delete_confirmed_on_a_current_page_deletes(client_for, request, street_clerk, kind):
    fixture, delete_name, *_ = DELETES[kind]
    record = request.getfixturevalue(fixture)
    url = reverse(delete_name, args=[record.pk])
    client = client_for(street_clerk)
    assert client.post(url, {"version": _opened_version(client, url)}).status_code == 302
    assert not type(record).objects.filter(pk=record.pk).exists()


# Recognitions: the rule lives on the model, so the admin enforces it too.


def test_admin_refuses_a_revocation_before_the_recognition_year(admin_client, station):
    recognition = RecognitionFactory(unit=station, level="municipal", year=2023)
    url = reverse("admin:stations_recognition_change", args=[recognition.pk])
    data = {
        "unit": station.pk,
        "level": "municipal",
        "year": 2023,
        "title": "",
        "revoked_on": "2022-12-31",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "不得早于认定年度的 2023 年 1 月 1 日。" in _body(response)
    recognition.refresh_from_db()
    assert recognition.revoked_on is None


def test_admin_accepts_a_revocation_on_1_january_of_the_year(admin_client, station):
    recognition = RecognitionFactory(unit=station, level="municipal", year=2023)
    url = reverse("admin:stations_recognition_change", args=[recognition.pk])
    data = {"unit": station.pk, "level": "municipal", "year": 2023, "revoked_on": "2023-01-01"}
    assert admin_client.post(url, data).status_code == 302
    recognition.refresh_from_db()
    assert recognition.revoked_on == date(2023, 1, 1)
