"""Assigning and ending posts through the pages: S4 and the post kinds refused on the field
they concern, nothing written on a refusal, an ended post kept in the history."""

from datetime import date

from django.urls import reverse

from accounts.models import AuditEvent
from staffing.models import Post
from tests.factories import PersonFactory


def _body(response):
    return response.content.decode()


def _assign(client, person, **overrides):
    data = {
        "unit": "",
        "post": "social_worker",
        "full_time": "on",
        "start": "2023-01-01",
        "note": "",
    }
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(reverse("staffing:post_assign", args=[person.pk]), data)


# Assigning


def test_assigning_a_post_redirects_to_the_person(client_for, street_clerk, street, station):
    p = PersonFactory(street=street)
    response = _assign(client_for(street_clerk), p, unit=station.pk, post="head")
    assert response.status_code == 302
    assert p.posts.get().post == "head"


def test_s4_refusal_is_shown_on_the_start_field_and_audited(
    client_for, street_clerk, person, workroom
):
    response = _assign(
        client_for(street_clerk), person, unit=workroom.pk, post="workroom_social_worker"
    )
    assert response.status_code == 200
    body = _body(response)
    assert "任职日期：S4（§4(3)）专人专职：王小明" in body
    assert person.posts.count() == 1
    assert AuditEvent.objects.filter(event="post_assign", result="failure").count() == 1


def test_post_kind_not_at_unit_kind_is_refused_on_the_post_field(
    client_for, street_clerk, street, workroom
):
    p = PersonFactory(street=street)
    response = _assign(client_for(street_clerk), p, unit=workroom.pk, post="head")
    assert response.status_code == 200
    assert "岗位：社区社会工作室不设此岗位。" in _body(response)
    assert not Post.objects.exists()


def test_assign_refuses_a_unit_of_another_street(
    client_for, street_clerk, street, station, other_station
):
    p = PersonFactory(street=street)
    response = _assign(client_for(street_clerk), p, unit=other_station.pk)
    assert response.status_code == 200
    assert "站（室）：选择一个有效的选项" in _body(response)
    assert not Post.objects.exists()


def test_assign_with_missing_start_names_the_field(client_for, street_clerk, street, station):
    p = PersonFactory(street=street)
    response = _assign(client_for(street_clerk), p, unit=station.pk, start="")
    assert "任职日期：这个字段是必填项。" in _body(response)
    assert not Post.objects.exists()


def test_control_characters_are_refused(client_for, street_clerk, street, station):
    p = PersonFactory(street=street)
    response = _assign(client_for(street_clerk), p, unit=station.pk, note="bad\x01note")
    assert response.status_code == 200
    assert "控制字符" in _body(response)
    assert not Post.objects.exists()


# Ending


def test_ending_a_post_keeps_it_in_the_history(client_for, street_clerk, person):
    post = person.posts.get()
    url = reverse("staffing:post_end", args=[post.pk])
    client = client_for(street_clerk)
    response = client.post(url, {"end": "2024-06-30"})
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    post.refresh_from_db()
    assert post.end == date(2024, 6, 30)
    assert post.history.count() == 2
    body = _body(client.get(person.get_absolute_url()))
    assert "2024-06-30" in body and "已离任" in body


def test_ending_a_post_on_or_before_its_start_is_refused(client_for, street_clerk, person):
    post = person.posts.get()
    url = reverse("staffing:post_end", args=[post.pk])
    response = client_for(street_clerk).post(url, {"end": "2019-12-31"})
    assert response.status_code == 200
    assert "离任日期：须晚于任职日期（2020-01-01）。" in _body(response)
    post.refresh_from_db()
    assert post.end is None


def test_ending_an_ended_post_is_refused(client_for, street_clerk, person):
    post = person.posts.get()
    url = reverse("staffing:post_end", args=[post.pk])
    client = client_for(street_clerk)
    client.post(url, {"end": "2024-06-30"})
    response = client.post(url, {"end": "2024-07-31"})
    assert response.status_code == 200
    assert "离任日期：该岗位已于 2024-06-30 离任。" in _body(response)
    post.refresh_from_db()
    assert post.end == date(2024, 6, 30)


def test_post_end_is_post_only(client_for, street_clerk, person):
    url = reverse("staffing:post_end", args=[person.posts.get().pk])
    assert client_for(street_clerk).get(url).status_code == 405


def test_another_streets_post_cannot_be_ended(client_for, street_clerk, other_person):
    post = other_person.posts.get()
    url = reverse("staffing:post_end", args=[post.pk])
    assert client_for(street_clerk).post(url, {"end": "2024-01-01"}).status_code == 404
    post.refresh_from_db()
    assert post.end is None
