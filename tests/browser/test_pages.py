"""The portal in a real browser: Chinese login, landing pages by role, scope as 404, strict CSP.

A page that carried an inline script or style would log a CSP violation in the console;
these tests listen for one on every page they open.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User

from .conftest import needs_chromium
from .helpers import log_in, make_user

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]


def test_login_page_is_chinese(page, live_server, console, shot, transactional_db):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response.status == 200
    expect(page).to_have_title(re.compile("登录"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_text("连续 5 次登录失败")).to_be_visible()
    # The stylesheet applied: the login card is centred and narrow (no inline style needed).
    assert page.locator(".login-card").bounding_box()["width"] <= 26 * 16 + 1
    shot("login")
    assert console.csp_violations() == []


def test_district_user_lands_on_district_streets_page(page, live_server, console, shot, tree):
    make_user("district_b", role=User.Role.DISTRICT)
    log_in(page, live_server, "district_b")
    expect(page).to_have_url(f"{live_server.url}/district/")
    expect(page.get_by_role("heading", name="上城区：各街道")).to_be_visible()
    expect(page.get_by_role("link", name="清波街道")).to_be_visible()
    expect(page.get_by_role("link", name="湖滨街道")).to_be_visible()
    shot("district")
    page.get_by_role("link", name="清波街道").click()
    expect(page.get_by_role("heading", name=re.compile("清波街道"))).to_be_visible()
    shot("district-street")
    assert console.csp_violations() == []


def test_street_clerk_sees_own_street_and_404_for_another(page, live_server, console, shot, tree):
    qingbo, station, other = tree["qingbo"], tree["station"], tree["other_station"]
    make_user("clerk_b", role=User.Role.STREET, street=qingbo)
    log_in(page, live_server, "clerk_b")
    expect(page).to_have_url(f"{live_server.url}/streets/{qingbo.pk}/")
    expect(page.get_by_role("heading", name=re.compile("清波街道"))).to_be_visible()
    expect(page.get_by_role("link", name=station.name)).to_be_visible()
    expect(page.get_by_role("link", name=tree["workroom"].name)).to_be_visible()
    shot("street")

    page.get_by_role("link", name=station.name).click()
    expect(page.get_by_role("heading", name=station.name)).to_be_visible()
    expect(page.get_by_role("heading", name="政策核查结果")).to_be_visible()
    shot("unit")

    response = page.goto(f"{live_server.url}{other.get_absolute_url()}")
    assert response.status == 404
    assert other.name not in page.content()
    shot("other-unit-404")
    response = page.goto(f"{live_server.url}/streets/{tree['hubin'].pk}/")
    assert response.status == 404
    assert console.csp_violations() == []


def test_unit_edit_form_has_no_csp_violations(page, live_server, console, shot, tree):
    """The form page (widgets, Bootstrap and htmx scripts) runs under the strict CSP."""
    make_user("clerk_f", role=User.Role.STREET, street=tree["qingbo"])
    log_in(page, live_server, "clerk_f")
    page.goto(f"{live_server.url}/units/{tree['station'].pk}/edit/")
    expect(page.get_by_role("button", name="保存")).to_be_visible()
    expect(page.get_by_text("承接机构").first).to_be_visible()
    shot("unit-edit")
    # Scripts loaded and ran: htmx and Bootstrap are defined under the CSP.
    assert page.evaluate("typeof htmx !== 'undefined' && typeof bootstrap !== 'undefined'")
    assert console.csp_violations() == []
    assert [m for m in console.errors() if "404" not in m[1]] == []


def test_csp_listener_catches_an_inline_script(page, live_server, console, transactional_db):
    """The check above can fail: an inline script is refused and the console says so."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.inlineRan === undefined")
    assert console.csp_violations() != []
