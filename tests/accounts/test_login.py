"""Login, lockout after 5 failures, demo accounts, session settings, user constraints."""

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.test import override_settings
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories import UserFactory

LOGIN = "/accounts/login/"


def _attempt_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_login_page_is_chinese_and_public(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/district/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_district_user_logs_in_and_lands_on_district_page(client, district_user):
    response = _attempt_login(client, "district_t", "Pw-test-123")
    assert response.status_code == 302
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("district")
    assert AuditEvent.objects.filter(
        event="login", result="success", username="district_t"
    ).exists()


def test_five_failures_lock_the_username_for_thirty_minutes(client, street_clerk):
    for _ in range(4):
        assert _attempt_login(client, "clerk", "wrong").status_code == 200
    locked = _attempt_login(client, "clerk", "wrong")
    assert locked.status_code == 429
    # Now even the right password is refused, from another address too.
    again = client.post(
        LOGIN, {"username": "clerk", "password": "Pw-test-123"}, REMOTE_ADDR="10.9.9.9"
    )
    assert again.status_code == 429
    assert "30" in again.content.decode()
    assert AuditEvent.objects.filter(event="lockout", username="clerk").exists()
    assert AuditEvent.objects.filter(event="login", result="failure").count() >= 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_four_failures_then_success_does_not_lock(client, street_clerk):
    for _ in range(4):
        _attempt_login(client, "clerk", "wrong")
    assert _attempt_login(client, "clerk", "Pw-test-123").status_code == 302


def test_lockout_is_per_username_not_per_address(client, street_clerk, district_user):
    for _ in range(5):
        _attempt_login(client, "clerk", "wrong")
    assert _attempt_login(client, "district_t", "Pw-test-123").status_code == 302


@override_settings(DEMO=False, DEBUG=True)
def test_demo_account_is_refused_outside_the_demo_even_when_debugging(client, db):
    UserFactory(username="demo", password="Demo-2022", district=True, is_demo=True)
    assert (
        _attempt_login(client, "demo", "Demo-2022").status_code == 200
    )  # form re-shown, not logged in
    assert "_auth_user_id" not in client.session


@override_settings(DEMO=True, DEBUG=False)
def test_demo_account_logs_in_in_the_demo(client, db):
    UserFactory(username="demo", password="Demo-2022", district=True, is_demo=True)
    assert _attempt_login(client, "demo", "Demo-2022").status_code == 302


def test_logout_is_post_only_and_ends_the_session(client_for, district_user):
    client = client_for(district_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get("/district/").status_code == 302


def test_idle_timeout_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_street_user_without_street_is_impossible(db):
    with pytest.raises(IntegrityError):
        UserFactory(username="nostreet", role="street")


def test_community_user_without_community_is_impossible(db):
    with pytest.raises(IntegrityError):
        UserFactory(username="nocommunity", role="community")


def test_district_user_with_a_street_is_impossible(street):
    with pytest.raises(IntegrityError):
        UserFactory(username="scoped", role="district", street=street)


@pytest.mark.parametrize(
    ("password", "ok"),
    [("abcdefgh1", False), ("Abcdefgh1", True), ("abcdefg!1", True), ("ABCDEFGH", False)],
)
def test_password_needs_three_character_classes(password, ok):
    from django.core.exceptions import ValidationError

    from accounts.validators import CharacterClassValidator

    if ok:
        CharacterClassValidator().validate(password)
    else:
        with pytest.raises(ValidationError):
            CharacterClassValidator().validate(password)


def test_audit_events_are_append_only(db):
    event = AuditEvent.objects.create(event="login", result="success")
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_portal_is_chinese_even_for_an_english_browser(client, db):
    body = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in body


def test_english_once_chosen_sticks(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    body = client.get(LOGIN).content.decode()
    assert "Log in" in body and "简体中文" in body


def test_password_and_role_changes_are_audited(street_clerk, other_street):
    street_clerk.set_password("New-pass-2026")
    street_clerk.save()
    assert AuditEvent.objects.filter(event="password_change", object="clerk").count() == 1
    street_clerk.street = other_street
    street_clerk.save()
    change = AuditEvent.objects.get(event="role_change", object="clerk")
    assert "street_id" in change.detail
    street_clerk.save(update_fields=["last_login"])  # a login touches nothing audited
    assert AuditEvent.objects.filter(event__in=["role_change", "password_change"]).count() == 2


def test_admin_change_of_role_is_audited_with_the_actor(client_for, street):
    admin = UserFactory(username="root", system_admin=True)
    target = UserFactory(username="target", supervisor=True)
    client = client_for(admin)
    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        {
            "username": "target",
            "role": "street",
            "street": street.pk,
            "is_active": "on",
            "date_joined_0": "2026-11-29",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(event="role_change", object="target")
    assert event.username == "root" and "supervisor" in event.detail
