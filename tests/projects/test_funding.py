"""Funding pages (G2): the funding page, the venture fund, purchases, the district's G2 page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from projects.models import Funding, Purchase
from projects.services import funding as services
from tests import factories
from tests.projects.factories import ProjectFactory

YEAR = 2025
FUNDING = reverse("projects:funding")
EDIT = reverse("projects:funding_edit")
FLOOR = reverse("projects:funding_floor")


def _fund(street, amount, year=YEAR):
    return Funding.objects.create(year=year, street=street, venture_fund=Decimal(amount))


def _buy(funding, amount, project=None):
    project = project or ProjectFactory(unit=factories.StationFactory(street=funding.street))
    return Purchase.objects.create(funding=funding, project=project, amount=Decimal(amount))


def _page(client, **query):
    return client.get(FUNDING, {"year": YEAR, **query})


# G2 as the funding page reads it.


def test_exactly_twenty_percent_is_met(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    _buy(funding, "200.00", ProjectFactory(unit=station))
    response = _page(client_for(street_clerk))
    assert response.status_code == 200
    status = response.context["status"]
    assert status.shortfall == Decimal("0.00")
    assert status.required == Decimal("200.00")
    assert status.share == Decimal("20.00")
    assert response.context["status_code"] == "met"
    assert 'data-status="met"' in response.text


def test_one_fen_below_is_not_met(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    _buy(funding, "199.99", ProjectFactory(unit=station))
    response = _page(client_for(street_clerk))
    status = response.context["status"]
    assert status.shortfall == Decimal("0.01")
    assert status.share == Decimal("19.99")  # truncated, never shown as 20
    assert response.context["status_code"] == "not_met"
    assert [f.rule for f in status.findings] == ["G2"]
    assert 'data-status="not_met"' in response.text
    assert 'id="shortfall">0.01<' in response.text


def test_required_amount_is_rounded_up_to_the_fen(client_for, street_clerk, station):
    _fund(station.street, "0.05")  # 20% is 0.01 exactly; 0.06 -> 0.012 -> 0.02
    assert _page(client_for(street_clerk)).context["status"].required == Decimal("0.01")
    Funding.objects.filter(street=station.street).update(venture_fund=Decimal("0.06"))
    status = _page(client_for(street_clerk)).context["status"]
    assert status.required == Decimal("0.02")
    assert status.shortfall == Decimal("0.02")


def test_not_recorded(client_for, street_clerk, station):
    response = _page(client_for(street_clerk))
    assert response.context["status_code"] == "not_recorded"
    assert response.context["status"].funding is None
    assert [f.severity for f in response.context["status"].findings] == ["advice"]
    assert "/purchases/add/" not in response.text  # nothing to buy out of yet


def test_purchases_itemised_with_total(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    first = _buy(funding, "120.50", ProjectFactory(unit=station, name="项目A"))
    second = _buy(funding, "80.25", ProjectFactory(unit=station, name="项目B"))
    response = _page(client_for(street_clerk))
    assert response.context["purchases"] == [first, second]
    assert response.context["status"].purchases == Decimal("200.75")
    assert "项目A" in response.text and station.name in response.text
    assert 'id="purchases-sum">200.75<' in response.text


def test_default_year_is_the_current_one_and_a_bad_year_falls_back(client_for, street_clerk):
    from django.utils import timezone

    response = client_for(street_clerk).get(FUNDING, {"year": "1999"})
    assert response.context["year"] == timezone.localdate().year


# Who sees which fund.


def test_district_sees_its_own_fund_by_default_and_any_street(
    client_for, district_user, station, other_station
):
    _fund(None, "5000.00")
    _fund(other_station.street, "300.00")
    client = client_for(district_user)
    own = _page(client)
    assert own.context["street"] is None
    assert own.context["status"].venture_fund == Decimal("5000.00")
    other = _page(client, street=other_station.street.pk)
    assert other.context["street"] == other_station.street
    assert other.context["status"].venture_fund == Decimal("300.00")


def test_clerk_sees_their_street_only(client_for, street_clerk, station, other_station):
    _fund(None, "5000.00")
    _fund(station.street, "100.00")
    client = client_for(street_clerk)
    response = _page(client)
    assert response.context["street"] == station.street
    assert response.context["status"].venture_fund == Decimal("100.00")
    assert _page(client, street=other_station.street.pk).status_code == 404
    assert _page(client, street="x").status_code == 404


@pytest.mark.parametrize("persona", ["community_user", "supervisor", "auditor"])
def test_other_roles_get_404(client_for, request, persona, station):
    funding = _fund(station.street, "100.00")
    purchase = _buy(funding, "20.00", ProjectFactory(unit=station))
    client = client_for(request.getfixturevalue(persona))
    for url in (
        f"{FUNDING}?year={YEAR}",
        f"{EDIT}?year={YEAR}&street={station.street.pk}",
        f"{FLOOR}?year={YEAR}",
        reverse("projects:purchase_add", args=[funding.pk]),
        reverse("projects:purchase_edit", args=[purchase.pk]),
        reverse("projects:purchase_delete", args=[purchase.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_clerk_cannot_reach_the_district_fund_or_another_street(
    client_for, street_clerk, station, other_station
):
    district_fund = _fund(None, "5000.00")
    other_fund = _fund(other_station.street, "100.00")
    district_purchase = _buy(district_fund, "10.00", ProjectFactory(unit=station))
    other_purchase = _buy(other_fund, "10.00", ProjectFactory(unit=other_station))
    client = client_for(street_clerk)
    assert client.get(EDIT, {"year": YEAR, "street": other_station.street.pk}).status_code == 404
    for fund in (district_fund, other_fund):
        url = reverse("projects:purchase_add", args=[fund.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"project": station.pk, "amount": "1"}).status_code == 404
    for purchase in (district_purchase, other_purchase):
        for name in ("projects:purchase_edit", "projects:purchase_delete"):
            url = reverse(name, args=[purchase.pk])
            assert client.get(url).status_code == 404
            post = {"version": purchase.version, "project": purchase.project_id, "amount": "1"}
            assert client.post(url, post).status_code == 404
    assert Purchase.objects.count() == 2
    assert set(Purchase.objects.values_list("amount", flat=True)) == {Decimal("10.00")}
    assert client.get(FLOOR, {"year": YEAR}).status_code == 404


# The venture fund.


def test_clerk_records_and_edits_their_streets_fund(client_for, street_clerk, station):
    client = client_for(street_clerk)
    form = client.get(EDIT, {"year": YEAR})
    assert form.status_code == 200
    assert "version" not in form.context["form"].fields
    url = f"{EDIT}?year={YEAR}"
    response = client.post(url, {"venture_fund": "1000.00"})
    assert response.status_code == 302
    assert response["Location"] == f"{FUNDING}?year={YEAR}&street={station.street.pk}"
    funding = Funding.objects.get(year=YEAR, street=station.street)
    assert (funding.venture_fund, funding.version) == (Decimal("1000.00"), 1)
    response = client.post(url, {"venture_fund": "1500.00", "version": 1})
    assert response.status_code == 302
    funding.refresh_from_db()
    assert (funding.venture_fund, funding.version) == (Decimal("1500.00"), 2)
    events = AuditEvent.objects.filter(event__startswith="funding_").order_by("pk")
    assert list(events.values_list("event", flat=True)) == ["funding_add", "funding_edit"]


def test_district_writes_its_own_fund_and_a_streets(client_for, district_user, station):
    client = client_for(district_user)
    assert client.post(f"{EDIT}?year={YEAR}", {"venture_fund": "9000"}).status_code == 302
    assert Funding.objects.get(year=YEAR, street=None).venture_fund == Decimal("9000.00")
    url = f"{EDIT}?year={YEAR}&street={station.street.pk}"
    assert client.post(url, {"venture_fund": "100"}).status_code == 302
    assert Funding.objects.get(year=YEAR, street=station.street).venture_fund == Decimal("100")


def test_fund_edit_refuses_a_stale_form(client_for, street_clerk, district_user, station):
    funding = _fund(station.street, "1000.00")
    url = f"{EDIT}?year={YEAR}"
    opened = client_for(street_clerk).get(url).context["form"]["version"].value()
    assert opened == 1
    # Someone else saves first.
    other = client_for(district_user)
    edit = f"{EDIT}?year={YEAR}&street={station.street.pk}"
    assert other.post(edit, {"venture_fund": "2000.00", "version": 1}).status_code == 302
    response = client_for(street_clerk).post(url, {"venture_fund": "3000.00", "version": opened})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    funding.refresh_from_db()
    assert (funding.venture_fund, funding.version) == (Decimal("2000.00"), 2)


def test_fund_recorded_meanwhile_is_not_overwritten(client_for, street_clerk, station):
    """A form opened before the fund existed carries no version: refused, not a 500."""
    _fund(station.street, "1000.00")
    response = client_for(street_clerk).post(f"{EDIT}?year={YEAR}", {"venture_fund": "1"})
    assert response.status_code == 200
    assert Funding.objects.get(street=station.street).venture_fund == Decimal("1000.00")
    with pytest.raises(ValidationError) as refused:
        services.funding_save(
            year=YEAR, street=station.street, venture_fund=Decimal("1"), actor=street_clerk
        )
    assert refused.value.code == "race"


@pytest.mark.parametrize("year", ["", "abc", "2021", "2101"])
def test_fund_edit_needs_a_valid_year(client_for, district_user, year):
    assert client_for(district_user).get(EDIT, {"year": year}).status_code == 404


@pytest.mark.parametrize("amount", ["-1", "1.234", "abc", ""])
def test_fund_amount_is_validated(client_for, street_clerk, station, amount):
    response = client_for(street_clerk).post(f"{EDIT}?year={YEAR}", {"venture_fund": amount})
    assert response.status_code == 200
    assert "venture_fund" in response.context["form"].errors
    assert not Funding.objects.exists()


# Purchases.


def _add(client, funding, project, amount="100.00"):
    url = reverse("projects:purchase_add", args=[funding.pk])
    return client.post(url, {"project": project.pk, "amount": amount})


def test_add_a_purchase(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    project = ProjectFactory(unit=station)
    response = _add(client_for(street_clerk), funding, project, "200.00")
    assert response.status_code == 302
    assert response["Location"] == f"{FUNDING}?year={YEAR}&street={station.street.pk}"
    purchase = Purchase.objects.get()
    assert (purchase.project, purchase.amount) == (project, Decimal("200.00"))
    event = AuditEvent.objects.get(event="purchase_add")
    assert event.user == street_clerk and project.name in event.detail


def test_duplicate_purchase_refused_with_a_message(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    project = ProjectFactory(unit=station)
    client = client_for(street_clerk)
    assert _add(client, funding, project).status_code == 302
    response = _add(client, funding, project, "50.00")
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["project"]
    assert [e.code for e in errors] == ["duplicate"]
    assert Purchase.objects.get().amount == Decimal("100.00")


def test_the_select_lists_only_the_streets_running_station_projects(
    client_for, street_clerk, station, workroom, other_station
):
    funding = _fund(station.street, "1000.00")
    running = ProjectFactory(unit=station, first_year=2024, last_year=2025)
    ProjectFactory(unit=station, first_year=2026)  # not yet
    ProjectFactory(unit=station, first_year=2022, last_year=2024)  # over
    ProjectFactory(unit=workroom)  # a workroom's
    ProjectFactory(unit=other_station)  # another street's
    url = reverse("projects:purchase_add", args=[funding.pk])
    form = client_for(street_clerk).get(url).context["form"]
    choices = [value for value, _label in form.fields["project"].choices if value != ""]
    assert choices == [running.pk]


@pytest.mark.parametrize("which", ["other_street", "workroom", "not_running"])
def test_an_ineligible_project_is_refused(
    client_for, street_clerk, station, workroom, other_station, which
):
    funding = _fund(station.street, "1000.00")
    project = {
        "other_street": lambda: ProjectFactory(unit=other_station),
        "workroom": lambda: ProjectFactory(unit=workroom),
        "not_running": lambda: ProjectFactory(unit=station, first_year=2026),
    }[which]()
    response = _add(client_for(street_clerk), funding, project)
    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    assert not Purchase.objects.exists()
    # The service refuses it too, whoever skips the form.
    with pytest.raises(ValidationError) as refused:
        services.purchase_add(
            funding=funding, project=project, amount=Decimal("1"), actor=street_clerk
        )
    assert refused.value.error_dict["project"][0].code == "not_eligible"
    assert not Purchase.objects.exists()


def test_the_district_fund_buys_any_streets_station_project_grouped_by_street(
    client_for, district_user, station, other_station
):
    funding = _fund(None, "1000.00")
    mine, theirs = ProjectFactory(unit=station), ProjectFactory(unit=other_station)
    url = reverse("projects:purchase_add", args=[funding.pk])
    client = client_for(district_user)
    choices = client.get(url).context["form"].fields["project"].choices
    groups = {label: [v for v, _ in options] for label, options in choices[1:]}
    assert groups == {station.street.name: [mine.pk], other_station.street.name: [theirs.pk]}
    assert _add(client, funding, theirs, "10.00").status_code == 302
    assert Purchase.objects.get().project == theirs


@pytest.mark.parametrize("amount", ["0", "0.00", "-5", "1.001", "abc"])
def test_purchase_amount_above_zero_with_two_decimals(client_for, street_clerk, station, amount):
    funding = _fund(station.street, "1000.00")
    response = _add(client_for(street_clerk), funding, ProjectFactory(unit=station), amount)
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert not Purchase.objects.exists()


def test_smallest_amount_is_one_fen(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    response = _add(client_for(street_clerk), funding, ProjectFactory(unit=station), "0.01")
    assert response.status_code == 302
    assert Purchase.objects.get().amount == Decimal("0.01")


def test_edit_a_purchase(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    purchase = _buy(funding, "100.00", ProjectFactory(unit=station))
    other_project = ProjectFactory(unit=station)
    url = reverse("projects:purchase_edit", args=[purchase.pk])
    client = client_for(street_clerk)
    form = client.get(url).context["form"]
    assert form["version"].value() == purchase.version == 1
    assert form["amount"].value() == Decimal("100.00")
    assert form["project"].value() == purchase.project_id
    post = {"project": other_project.pk, "amount": "150.00", "version": "1"}
    assert client.post(url, post).status_code == 302
    purchase.refresh_from_db()
    assert (purchase.project, purchase.amount) == (other_project, Decimal("150.00"))
    assert purchase.version == 2
    assert AuditEvent.objects.filter(event="purchase_edit").count() == 1


def test_edit_refuses_a_stale_form_and_a_duplicate(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    purchase = _buy(funding, "100.00", ProjectFactory(unit=station))
    taken = _buy(funding, "50.00", ProjectFactory(unit=station))
    url = reverse("projects:purchase_edit", args=[purchase.pk])
    client = client_for(street_clerk)
    opened = client.get(url).context["form"]["version"].value()
    Purchase.objects.get(pk=purchase.pk).save()  # someone saved it since: version 2
    stale = {"project": purchase.project_id, "amount": "1.00", "version": opened}
    response = client.post(url, stale)
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    duplicate = {**stale, "project": taken.project_id, "version": "2"}
    response = client.post(url, duplicate)
    assert [e.code for e in response.context["form"].errors.as_data()["project"]] == ["duplicate"]
    bought = purchase.project_id
    purchase.refresh_from_db()
    assert (purchase.project_id, purchase.amount, purchase.version) == (
        bought,
        Decimal("100.00"),
        2,
    )
    assert not AuditEvent.objects.filter(event="purchase_edit").exists()


def test_services_refuse_a_stale_or_vanished_purchase(street_clerk, station):
    funding = _fund(station.street, "1000.00")
    purchase = _buy(funding, "100.00", ProjectFactory(unit=station))
    other = ProjectFactory(unit=station)
    Purchase.objects.get(pk=purchase.pk).save()  # version 2
    with pytest.raises(services.StaleEdit):
        services.purchase_update(
            purchase=purchase, version=1, project=other, amount=Decimal("5"), actor=street_clerk
        )
    with pytest.raises(services.StaleEdit):
        services.purchase_delete(purchase=purchase, version=1, actor=street_clerk)
    purchase.refresh_from_db()
    assert purchase.amount == Decimal("100.00") and purchase.version == 2
    saved = services.purchase_update(
        purchase=purchase, version=2, project=other, amount=Decimal("5"), actor=street_clerk
    )
    assert (saved.project, saved.amount, saved.version) == (other, Decimal("5.00"), 3)
    Purchase.objects.filter(pk=purchase.pk).delete()  # someone deleted it since
    with pytest.raises(services.StaleEdit):
        services.purchase_delete(purchase=purchase, version=3, actor=street_clerk)
    with pytest.raises(services.StaleEdit):
        services.purchase_update(
            purchase=purchase, version=3, project=other, amount=Decimal("5"), actor=street_clerk
        )
    assert not Purchase.objects.exists()
    events = AuditEvent.objects.filter(event__startswith="purchase_")
    assert list(events.values_list("event", flat=True)) == ["purchase_edit"]


def test_edit_without_a_version_is_refused(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    purchase = _buy(funding, "100.00", ProjectFactory(unit=station))
    url = reverse("projects:purchase_edit", args=[purchase.pk])
    for version in ("", "x"):
        post = {"project": purchase.project_id, "amount": "1.00", "version": version}
        response = client_for(street_clerk).post(url, post)
        assert response.status_code == 200
        assert response.context["form"].has_error("version")
    purchase.refresh_from_db()
    assert (purchase.amount, purchase.version) == (Decimal("100.00"), 1)


def test_delete_a_purchase(client_for, street_clerk, station):
    funding = _fund(station.street, "1000.00")
    purchase = _buy(funding, "100.00", ProjectFactory(unit=station))
    url = reverse("projects:purchase_delete", args=[purchase.pk])
    client = client_for(street_clerk)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["version"].value() == 1
    assert Purchase.objects.exists()
    Purchase.objects.get(pk=purchase.pk).save()  # someone saved it since: version 2
    stale = client.post(url, {"version": "1"})
    assert stale.status_code == 200 and Purchase.objects.exists()
    assert [e.code for e in stale.context["form"].non_field_errors().as_data()] == ["stale"]
    assert not AuditEvent.objects.filter(event="purchase_delete").exists()
    assert client.post(url, {}).status_code == 200 and Purchase.objects.exists()
    assert client.post(url, {"version": "2"}).status_code == 302
    assert not Purchase.objects.exists()
    assert AuditEvent.objects.filter(event="purchase_delete").count() == 1


# The district's G2 page.


def _district_with_streets(n: int):
    """``n`` streets with a station, a fund and two purchases each, and the district's fund."""
    district = _fund(None, "10000.00")
    for i in range(n):
        station = factories.StationFactory()
        funding = _fund(station.street, "1000.00")
        _buy(funding, "100.00", ProjectFactory(unit=station))
        _buy(funding, str(100 + i), ProjectFactory(unit=station))
        _buy(district, "10.00", ProjectFactory(unit=station))


def test_floor_page_rows_sorted_shortfalls_first(client_for, district_user):
    met = factories.StationFactory()
    short_a = factories.StationFactory()
    short_b = factories.StationFactory()
    unrecorded = factories.StationFactory()
    _buy(_fund(met.street, "1000.00"), "200.00", ProjectFactory(unit=met))
    _buy(_fund(short_a.street, "1000.00"), "199.99", ProjectFactory(unit=short_a))
    _buy(_fund(short_b.street, "1000.00"), "100.00", ProjectFactory(unit=short_b))
    _fund(None, "500.00")  # the district: nothing bought, short of 100.00
    response = client_for(district_user).get(FLOOR, {"year": YEAR})
    assert response.status_code == 200
    rows = [
        (r["status"].street, r["code"], r["status"].shortfall) for r in response.context["rows"]
    ]
    assert rows == [
        (None, "not_met", Decimal("100.00")),
        (short_b.street, "not_met", Decimal("100.00")),
        (short_a.street, "not_met", Decimal("0.01")),
        (unrecorded.street, "not_recorded", Decimal("0.00")),
        (met.street, "met", Decimal("0.00")),
    ]
    totals = response.context["totals"]
    assert totals["venture_fund"] == Decimal("3500.00")
    assert totals["shortfall"] == Decimal("200.01")
    assert (totals["met"], totals["not_met"], totals["not_recorded"]) == (1, 3, 1)
    assert f"{FUNDING}?year={YEAR}&amp;street={short_a.street.pk}" in response.text
    assert f'data-scope="{unrecorded.street.pk}" data-status="not_recorded"' in response.text


def test_floor_page_shows_every_street(client_for, district_user):
    streets = [factories.StreetFactory(communities=0) for _ in range(14)]
    response = client_for(district_user).get(FLOOR, {"year": YEAR})
    scopes = [r["status"].street for r in response.context["rows"]]
    assert len(scopes) == 15 and None in scopes and set(streets) <= set(scopes)


@pytest.mark.parametrize("streets", [2, 6])
def test_floor_page_queries_do_not_grow(
    client_for, district_user, django_assert_num_queries, streets
):
    _district_with_streets(streets)
    client = client_for(district_user)
    client.get(FLOOR, {"year": YEAR})  # warm the session
    # Session and user; streets, fundings, purchase totals (the G2 page's own three); the
    # session's refresh; and the request's savepoints.
    with django_assert_num_queries(10):
        response = client.get(FLOOR, {"year": YEAR})
    assert len(response.context["rows"]) == streets + 1


def test_funding_page_queries_do_not_grow_with_purchases(client_for, street_clerk, station):
    funding = _fund(station.street, "100000.00")
    client = client_for(street_clerk)
    counts = []
    for size in (1, 6):
        while funding.purchases.count() < size:
            n = funding.purchases.count()
            _buy(funding, "100.00", ProjectFactory(unit=station, name=f"邻里守望{n}"))
        assert _page(client).status_code == 200  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = _page(client)
        assert len(response.context["purchases"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
