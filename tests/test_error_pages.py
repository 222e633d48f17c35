"""Chinese error pages (issue #11, part 7): 400, 403, 404, 500 and the CSRF failure, with
DEBUG off, show a Chinese explanation and nothing of the failure (no trace, no exception
text, no settings). 500.html stands alone: no request, no context processors, no database.
"""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import server_error

from tests.error_urls import SECRET

pytestmark = pytest.mark.usefixtures("db")

TRACE_MARKS = [SECRET, "Traceback", "DEBUG", "settings.py", "Django", "Request Method"]


def _clean(body: str) -> None:
    for mark in TRACE_MARKS:
        assert mark not in body


@pytest.fixture
def clerk_client(client_for, street_clerk):
    return client_for(street_clerk)


@override_settings(DEBUG=False, ROOT_URLCONF="tests.error_urls")
@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/fail/400/", 400, "请求有误"),
        ("/fail/403/", 403, "无权访问"),
        ("/fail/404/", 404, "页面不存在"),
        ("/no-such-page/", 404, "该页面不存在，或不在您的权限范围内。"),
    ],
)
def test_error_pages_are_chinese_and_show_no_trace(clerk_client, url, status, text):
    response = clerk_client.get(url)
    assert response.status_code == status
    body = response.content.decode()
    assert text in body and "返回首页" in body and 'lang="zh-hans"' in body
    _clean(body)


@override_settings(DEBUG=False, ROOT_URLCONF="tests.error_urls")
def test_a_server_error_is_a_chinese_page_without_trace(street_clerk):
    client = Client(raise_request_exception=False)
    client.force_login(street_clerk)
    response = client.get("/fail/500/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器错误" in body and "错误已记录" in body
    _clean(body)


@override_settings(DEBUG=False)
def test_the_500_page_needs_no_database_and_no_context_processors(django_db_blocker):
    # Django's server_error renders 500.html without a request: with the database blocked,
    # any query (a context processor, the user) would raise here.
    with django_db_blocker.block():
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_form_without_its_csrf_token_gets_the_chinese_csrf_page(street_clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(street_clerk)
    response = client.post(reverse("staffing:person_create"), {"name": "张三"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "表单校验未通过" in body and "未保存任何数据" in body
    _clean(body)
    assert "CSRF" not in body  # the reason Django gives stays out of the page


@override_settings(DEBUG=False)
def test_the_login_form_without_csrf_gets_the_chinese_page_too():
    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:login"), {"username": "x", "password": "y"}
    )
    assert response.status_code == 403 and "表单校验未通过" in response.content.decode()
