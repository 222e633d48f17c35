"""The district keeps the supervision parameters of each year; bad ones are refused whole."""

from decimal import Decimal

from django.urls import reverse

from accounts.models import AuditEvent
from supervision.models import DistrictParameters

URL = reverse("supervision:parameters")


def _data(**overrides):
    data = {
        "monthly_fee": "1200.00",
        "weight_ability": 25,
        "weight_quality": 25,
        "weight_results": 25,
        "weight_conduct": 25,
        "excellent": 90,
        "qualified": 75,
        "basic": 60,
        "filing_deadline_day": 10,
    }
    return {**data, **overrides}


def test_the_district_sets_a_years_parameters_and_it_is_audited(client_for, district_user):
    response = client_for(district_user).post(f"{URL}?year=2026", _data())
    assert response.status_code == 302
    params = DistrictParameters.objects.get(year=2026)
    assert params.monthly_fee == Decimal("1200.00")
    assert params.as_rules().monthly_fee == Decimal("1200.00")
    assert AuditEvent.objects.get(event="parameters_change").user == district_user


def test_weights_not_adding_up_to_100_are_refused_and_nothing_is_written(client_for, district_user):
    response = client_for(district_user).post(f"{URL}?year=2026", _data(weight_conduct=30))
    assert response.status_code == 200
    assert "四项权重合计须为 100" in response.content.decode()
    assert not DistrictParameters.objects.exists()


def test_thresholds_must_rise(client_for, district_user):
    response = client_for(district_user).post(f"{URL}?year=2026", _data(basic=80))
    assert response.status_code == 200
    assert "分数线须递增" in response.content.decode()
    assert not DistrictParameters.objects.exists()


def test_a_second_save_changes_the_same_row(client_for, district_user):
    client = client_for(district_user)
    client.post(f"{URL}?year=2026", _data())
    client.post(f"{URL}?year=2026", _data(monthly_fee="1500.00"))
    assert DistrictParameters.objects.get().monthly_fee == Decimal("1500.00")


def test_an_unset_year_shows_the_documents_defaults(client_for, district_user):
    body = client_for(district_user).get(f"{URL}?year=2030").content.decode()
    assert 'value="90"' in body and 'value="75"' in body
