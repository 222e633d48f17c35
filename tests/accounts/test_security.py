"""Second factor for district and auditor users, and the absolute session lifetime."""

import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("persona", ["district_user", "auditor"])
def test_district_and_auditor_must_verify_a_second_factor(
    client_for, request, require_2fa, persona
):
    client = client_for(request.getfixturevalue(persona))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


def test_street_clerk_needs_no_second_factor(client_for, require_2fa, street_clerk):
    client = client_for(street_clerk)
    assert client.get("/", follow=True).status_code == 200


def test_without_a_device_the_verify_page_says_whom_to_ask(client_for, require_2fa, district_user):
    client = client_for(district_user)
    body = client.get(reverse("accounts:verify")).content.decode()
    assert "系统管理员" in body


def test_a_valid_totp_code_lets_the_district_user_in(client_for, require_2fa, district_user):
    device = TOTPDevice.objects.create(user=district_user, name="phone", confirmed=True)
    client = client_for(district_user)
    response = client.post(
        reverse("accounts:verify"), {"otp_device": device.persistent_id, "otp_token": _code(device)}
    )
    assert response.status_code == 302
    assert client.get(reverse("district")).status_code == 200


def test_a_wrong_totp_code_is_refused(client_for, require_2fa, district_user):
    device = TOTPDevice.objects.create(user=district_user, name="phone", confirmed=True)
    client = client_for(district_user)
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"
    response = client.post(
        reverse("accounts:verify"), {"otp_device": device.persistent_id, "otp_token": wrong}
    )
    assert response.status_code == 200
    assert client.get(reverse("district")).status_code == 302


@override_settings(SESSION_ABSOLUTE_SECONDS=60)
def test_a_session_ends_after_its_absolute_lifetime(client_for, street_clerk, monkeypatch):
    client = client_for(street_clerk)
    assert client.get("/", follow=True).status_code == 200
    later = time.time() + 61
    monkeypatch.setattr("accounts.middleware.time.time", lambda: later)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
