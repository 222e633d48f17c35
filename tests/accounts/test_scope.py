"""Scope: what each role sees of the streets and units.

That every scoped role gets 404 (never 403) for another street's street page, units and
unit edit form, and for the pages outside its role, is the scope sweep's
(``tests/test_scope_sweep.py``)."""

import pytest
from django.http import Http404
from django.urls import reverse

from accounts import access


def test_street_clerk_sees_own_street_and_units(
    client_for, street_clerk, street, station, workroom
):
    client = client_for(street_clerk)
    assert client.get(reverse("street", args=[street.pk])).status_code == 200
    for unit in (station, workroom):
        assert client.get(unit.get_absolute_url()).status_code == 200


def test_street_clerk_page_shows_nothing_of_another_street(
    client_for, street_clerk, street, station, other_station
):
    body = client_for(street_clerk).get(reverse("street", args=[street.pk])).content.decode()
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
    with pytest.raises(Http404):
        access.get_unit_for_user(supervisor, station.pk, write=True)


def test_garbage_pk_is_404_not_500(client_for, street_clerk):
    assert client_for(street_clerk).get("/units/999999/").status_code == 404


def test_auditor_reads_audit_log(client_for, auditor):
    assert client_for(auditor).get(reverse("accounts:audit_log")).status_code == 200
