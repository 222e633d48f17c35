"""Scope: each role against another scope's street and unit gets 404, never 403."""

import pytest
from django.urls import reverse

from accounts import access


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("persona", ["street_clerk", "community_user", "supervisor", "auditor"])
def test_other_streets_unit_is_404_for_every_scoped_role(
    client, request, persona, other_station, other_workroom
):
    user = request.getfixturevalue(persona)
    for unit in (other_station, other_workroom):
        assert _get(client, user, reverse("unit", args=[unit.pk])).status_code == 404
        edit = reverse("stations:unit_edit", args=[unit.pk])
        assert _get(client, user, edit).status_code == 404


@pytest.mark.parametrize("persona", ["street_clerk", "community_user", "supervisor", "auditor"])
def test_other_street_page_is_404(client, request, persona, other_street):
    user = request.getfixturevalue(persona)
    url = reverse("street", args=[other_street.pk])
    assert _get(client, user, url).status_code == 404


def test_street_clerk_sees_own_street_and_units(client, street_clerk, street, station, workroom):
    assert _get(client, street_clerk, reverse("street", args=[street.pk])).status_code == 200
    for unit in (station, workroom):
        assert _get(client, street_clerk, unit.get_absolute_url()).status_code == 200


def test_street_clerk_page_shows_nothing_of_another_street(
    client, street_clerk, street, station, other_station
):
    body = _get(client, street_clerk, reverse("street", args=[street.pk])).content.decode()
    assert station.name in body
    assert other_station.name not in body


def test_community_user_sees_only_own_workroom(community_user, station, workroom, other_workroom):
    assert list(access.visible_units(community_user)) == [workroom]


def test_supervisor_and_auditor_see_no_units_yet(supervisor, auditor, station, workroom):
    assert not access.visible_units(supervisor).exists()
    assert not access.visible_units(auditor).exists()


def test_district_user_sees_every_unit(district_user, station, workroom, other_station):
    assert set(access.visible_units(district_user)) == {station, workroom, other_station}


def test_supervisor_cannot_edit_even_visible_units(supervisor, station):
    from django.http import Http404

    with pytest.raises(Http404):
        access.get_unit_for_user(supervisor, station.pk, write=True)


def test_garbage_pk_is_404_not_500(client, street_clerk):
    assert _get(client, street_clerk, "/units/999999/").status_code == 404


def test_district_page_is_404_for_street_clerk(client, street_clerk):
    assert _get(client, street_clerk, reverse("district")).status_code == 404


@pytest.mark.parametrize(
    "persona", ["district_user", "street_clerk", "community_user", "supervisor"]
)
def test_audit_log_is_for_the_auditor_only(client, request, persona):
    user = request.getfixturevalue(persona)
    assert _get(client, user, reverse("accounts:audit_log")).status_code == 404


def test_auditor_reads_audit_log(client, auditor):
    assert _get(client, auditor, reverse("accounts:audit_log")).status_code == 200


def test_auditor_cannot_read_the_rules_page(client, auditor):
    assert _get(client, auditor, reverse("rules")).status_code == 404
