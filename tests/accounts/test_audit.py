"""The audit trail's one writer and the client address it records behind the proxy."""

import pytest
from django.test import RequestFactory

from accounts.addresses import request_ip
from accounts.models import AuditEvent


def _request(remote="10.0.0.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert request_ip(_request(forwarded="1.2.3.4")) == "10.0.0.9"


def test_behind_one_proxy_the_client_is_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; the proxy appended the address it saw.
    assert request_ip(_request(forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_client_is_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert request_ip(_request(forwarded="6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "  ,  "])
def test_a_missing_short_or_forged_header_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert request_ip(_request(forwarded=forwarded)) == "10.0.0.9"


def test_no_request_has_no_address():
    assert request_ip(None) is None


def test_record_writes_who_in_which_role_and_scope(street_clerk):
    event = AuditEvent.objects.record(
        event="unmask", actor=street_clerk, ip="10.1.1.1", obj="某人", detail="id_number"
    )
    event.refresh_from_db()
    assert (event.user, event.username, event.role, event.scope) == (
        street_clerk,
        "clerk",
        "street",
        "清波街道",
    )
    assert (event.ip, event.event, event.object, event.result) == (
        "10.1.1.1",
        "unmask",
        "某人",
        "success",
    )


def test_record_without_an_account_keeps_the_name_given(db):
    event = AuditEvent.objects.record(event="login", username="nobody", result="failure")
    assert (event.user, event.username, event.role, event.scope) == (None, "nobody", "", "")


def test_a_login_behind_the_proxy_records_the_clients_address(client, settings, street_clerk):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/accounts/login/",
        {"username": "clerk", "password": "Pw-test-123"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert AuditEvent.objects.get(event="login").ip == "198.51.100.4"
