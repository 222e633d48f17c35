"""Demonstration sites' budget lines (G6): the page of a year and the line's edit form."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from projects.models import SiteBudget
from tests import factories

YEAR = 2025
PAGE = reverse("projects:site_budgets")


def _edit_url(unit, year=YEAR):
    return reverse("projects:site_budget_edit", args=[unit.pk, year])


def _rows(client, year=YEAR):
    response = client.get(PAGE, {"year": year})
    assert response.status_code == 200
    return response, {row["unit"]: row for row in response.context["rows"]}


def test_a_site_without_its_line_breaks_g6_and_adding_the_line_clears_it(
    client_for, district_user, station
):
    factories.RecognitionFactory(unit=station, year=2024)
    client = client_for(district_user)
    response, rows = _rows(client)
    assert [f.rule for f in rows[station]["findings"]] == ["G6"]
    assert rows[station]["budget"] is None
    assert response.context["missing"] == 1
    assert f'data-unit="{station.pk}" data-status="missing"' in response.text
    assert _edit_url(station) in response.text

    added = client.post(_edit_url(station), {"amount": "80000.00"})
    assert added.status_code == 302
    assert added["Location"] == f"{PAGE}?year={YEAR}"
    response, rows = _rows(client)
    assert rows[station]["findings"] == []
    assert rows[station]["budget"].amount == Decimal("80000.00")
    assert response.context["missing"] == 0
    assert f'data-unit="{station.pk}" data-status="budgeted"' in response.text
    assert AuditEvent.objects.filter(event="site_budget_add").count() == 1


def test_which_sites_stand_in_the_year(client_for, district_user, street):
    recognised_later = factories.WorkroomFactory(community=street.communities.all()[0])
    revoked_before = factories.WorkroomFactory(community=street.communities.all()[1])
    revoked_on_new_year = factories.WorkroomFactory(community=street.communities.all()[2])
    revoked_during = factories.StationFactory(street=street)
    factories.RecognitionFactory(unit=recognised_later, year=2026)
    factories.RecognitionFactory(unit=revoked_before, year=2023, revoked_on=date(2024, 12, 31))
    factories.RecognitionFactory(unit=revoked_on_new_year, year=2023, revoked_on=date(2025, 1, 1))
    factories.RecognitionFactory(unit=revoked_during, year=2023, revoked_on=date(2025, 1, 2))
    _response, rows = _rows(client_for(district_user))
    assert set(rows) == {revoked_during}


def test_a_budget_line_of_another_year_does_not_count(client_for, district_user, station):
    factories.RecognitionFactory(unit=station, year=2023)
    SiteBudget.objects.create(unit=station, year=YEAR - 1, amount=Decimal("1"))
    _response, rows = _rows(client_for(district_user))
    assert [f.rule for f in rows[station]["findings"]] == ["G6"]


def test_edit_a_line_and_refuse_a_stale_form(client_for, district_user, station):
    factories.RecognitionFactory(unit=station, year=2024)
    budget = SiteBudget.objects.create(unit=station, year=YEAR, amount=Decimal("100.00"))
    client = client_for(district_user)
    opened = client.get(_edit_url(station)).context["form"]["version"].value()
    assert opened == 1
    assert client.post(_edit_url(station), {"amount": "200.00", "version": 1}).status_code == 302
    budget.refresh_from_db()
    assert (budget.amount, budget.version) == (Decimal("200.00"), 2)
    stale = client.post(_edit_url(station), {"amount": "300.00", "version": 1})
    assert stale.status_code == 200
    assert [e.code for e in stale.context["form"].non_field_errors().as_data()] == ["stale"]
    budget.refresh_from_db()
    assert budget.amount == Decimal("200.00")
    assert AuditEvent.objects.filter(event="site_budget_edit").count() == 1


@pytest.mark.parametrize("amount", ["0", "-1", "1.001", ""])
def test_line_amount_is_validated(client_for, district_user, station, amount):
    response = client_for(district_user).post(_edit_url(station), {"amount": amount})
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert not SiteBudget.objects.exists()


@pytest.mark.parametrize("year", [2021, 2101])
def test_line_year_out_of_range_is_404(client_for, district_user, station, year):
    assert client_for(district_user).get(_edit_url(station, year)).status_code == 404


def test_street_clerk_reads_their_streets_sites_only(
    client_for, street_clerk, station, other_station
):
    factories.RecognitionFactory(unit=station, year=2024)
    factories.RecognitionFactory(unit=other_station, year=2024)
    client = client_for(street_clerk)
    response, rows = _rows(client)
    assert set(rows) == {station}
    assert response.context["can_write"] is False
    assert "/site-budgets/" + str(station.pk) not in response.text
    for unit in (station, other_station):
        assert client.get(_edit_url(unit)).status_code == 404
        assert client.post(_edit_url(unit), {"amount": "1"}).status_code == 404
    assert not SiteBudget.objects.exists()


@pytest.mark.parametrize("persona", ["community_user", "supervisor", "auditor"])
def test_other_roles_get_404(client_for, request, persona, station):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == 404
    assert client.get(_edit_url(station)).status_code == 404
    assert client.post(_edit_url(station), {"amount": "1"}).status_code == 404


def test_unknown_unit_is_404(client_for, district_user):
    url = reverse("projects:site_budget_edit", args=[999999, YEAR])
    assert client_for(district_user).get(url).status_code == 404


@pytest.mark.parametrize("sites", [2, 6])
def test_page_queries_do_not_grow(client_for, district_user, django_assert_num_queries, sites):
    for i in range(sites):
        station = factories.StationFactory()
        factories.RecognitionFactory(unit=station, year=2023)
        factories.RecognitionFactory(unit=station, year=2024, level="district")
        if i % 2:
            SiteBudget.objects.create(unit=station, year=YEAR, amount=Decimal("10"))
    client = client_for(district_user)
    client.get(PAGE, {"year": YEAR})  # warm the session
    # Session and user; recognitions, units, budget lines; the session's refresh; savepoints.
    with django_assert_num_queries(10):
        response = client.get(PAGE, {"year": YEAR})
    assert len(response.context["rows"]) == sites
    assert response.context["missing"] == sites // 2
