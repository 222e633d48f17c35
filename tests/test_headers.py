"""Pages behind the login are never cached: ``Cache-Control: no-store, private`` and
``Pragma: no-cache`` on every response to a logged-in user (issue #11, part 3).

Every URL of the project (the scope sweep's enumeration) is called by every persona with
GET and POST, with the records of ``tests/test_scope_sweep.py``'s ``elsewhere`` fixture (in
the district's scope, outside everyone else's): whatever the status — 200, 302, 404, 405 —
the response carries ``no-store``. Static files keep their own caching.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from shangcheng.middleware import NoStoreForAuthenticatedMiddleware
from tests.test_scope_sweep import RECORD_URLS, _as_tuple, _routes, elsewhere  # noqa: F401

PERSONAS = ["district_user", "street_clerk", "community_user", "supervisor", "auditor"]
ROUTES = sorted(_routes(get_resolver()))


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives and response.get("Pragma") == "no-cache"


def _url(name, route, records) -> str:
    if "<" not in route:
        return reverse(name)
    if name not in RECORD_URLS:
        pytest.fail(f"{name} takes arguments: classify it in tests/test_scope_sweep.py")
    record, *more = _as_tuple(RECORD_URLS[name])
    return reverse(name, args=[records[record].pk, *more])


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name for name, __ in ROUTES])
def test_every_authenticated_response_has_no_store(request, elsewhere, name, route):  # noqa: F811
    url = _url(name, route, elsewhere)
    for persona in PERSONAS:
        client = Client()
        client.force_login(request.getfixturevalue(persona))
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code != 500, (persona, method.__name__, url)
            assert _no_store(response), (persona, method.__name__, url, response.status_code)


def test_the_roster_preview_of_a_clerk_has_no_store(client_for, street_clerk, street):
    # The list: people, person, edit form, roster preview, unit page, tenure, audit.
    from tests.factories import RosterImportFactory

    record = RosterImportFactory(street=street, uploaded_by=street_clerk)
    response = client_for(street_clerk).get(record.get_absolute_url())
    assert response.status_code == 200 and _no_store(response)


def test_a_response_to_an_anonymous_request_is_left_alone():
    middleware = NoStoreForAuthenticatedMiddleware(lambda request: HttpResponse("public"))
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = middleware(request)
    assert "Cache-Control" not in response and "Pragma" not in response


def test_a_404_for_a_logged_in_user_has_no_store(client_for, street_clerk):
    response = client_for(street_clerk).get("/no-such-page/")
    assert response.status_code == 404 and _no_store(response)


def test_static_files_keep_their_own_caching(client_for, street_clerk, settings):
    """WhiteNoise answers before the session and the user are read: no no-store there."""
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    response = client_for(street_clerk).get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response
