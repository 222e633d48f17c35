"""Demonstration-site recognitions (T1/T3): the district records and revokes them through
the portal's own pages; everyone else reads them and gets 404 on the URLs that change them."""

from datetime import date

import pytest
from django.urls import reverse

from stations.models import Recognition


def _body(response):
    return response.content.decode()


def test_district_records_a_recognition(client_for, district_user, station):
    url = reverse("stations:recognition_add", args=[station.pk])
    data = {"level": "provincial", "year": 2024, "title": "省级示范站"}
    response = client_for(district_user).post(url, data)
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
    client_for, district_user, station, year
):
    url = reverse("stations:recognition_add", args=[station.pk])
    response = client_for(district_user).post(url, {"level": "municipal", "year": year})
    assert response.status_code == 200
    assert "年度：" in _body(response)
    assert Recognition.objects.count() == 0


def test_second_recognition_at_same_level_and_year_is_refused(
    client_for, district_user, station, recognition
):
    url = reverse("stations:recognition_add", args=[station.pk])
    response = client_for(district_user).post(url, {"level": "municipal", "year": 2023})
    assert response.status_code == 200
    assert "年度：该站（室）本年度已有同级别的示范点认定。" in _body(response)
    assert Recognition.objects.count() == 1


def test_district_revokes_a_recognition_and_history_records_it(
    client_for, district_user, recognition
):
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    client = client_for(district_user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"revoked_on": "2025-03-01"}).status_code == 302
    recognition.refresh_from_db()
    assert recognition.revoked_on == date(2025, 3, 1)
    latest = recognition.history.first()
    assert latest.revoked_on == date(2025, 3, 1) and latest.history_user == district_user


def test_revocation_before_the_recognition_year_is_refused_naming_the_field(
    client_for, district_user, recognition
):
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    response = client_for(district_user).post(url, {"revoked_on": "2022-12-31"})
    assert response.status_code == 200
    assert "撤销日期：不得早于认定年度的 2023 年 1 月 1 日。" in _body(response)
    recognition.refresh_from_db()
    assert recognition.revoked_on is None


def test_revocation_on_1_january_of_the_year_is_accepted(client_for, district_user, recognition):
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    response = client_for(district_user).post(url, {"revoked_on": "2023-01-01"})
    assert response.status_code == 302
    recognition.refresh_from_db()
    assert recognition.revoked_on == date(2023, 1, 1)


def test_a_revoked_recognition_is_not_revoked_again(client_for, district_user, recognition):
    recognition.revoked_on = date(2024, 6, 1)
    recognition.save()
    url = reverse("stations:recognition_revoke", args=[recognition.pk])
    response = client_for(district_user).post(url, {"revoked_on": "2025-01-01"})
    assert response.status_code == 200
    assert "撤销日期：已于 2024-06-01 撤销。" in _body(response)
    recognition.refresh_from_db()
    assert recognition.revoked_on == date(2024, 6, 1)


@pytest.mark.parametrize("persona", ["street_clerk", "community_user", "supervisor", "auditor"])
def test_only_the_district_records_and_revokes_recognitions(
    client_for, request, persona, workroom, recognition
):
    """A street clerk reads the unit's recognitions but the URLs to change them are 404."""
    client = client_for(request.getfixturevalue(persona))
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
    client_for, district_user, street_clerk, station, recognition
):
    revoke = reverse("stations:recognition_revoke", args=[recognition.pk])
    body = _body(client_for(district_user).get(station.get_absolute_url()))
    assert "示范站" in body and revoke in body
    assert reverse("stations:recognition_add", args=[station.pk]) in body
    body = _body(client_for(street_clerk).get(station.get_absolute_url()))
    assert "示范站" in body and revoke not in body
