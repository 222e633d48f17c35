"""A URLconf for tests/test_error_pages.py: the project's URLs plus views that fail on
purpose, so each error page is reached the way production reaches it."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import include, path

SECRET = "trace-detail-4711"  # a failure's own text: never shown on an error page


def bad_request(request):
    raise SuspiciousOperation(SECRET)


def forbidden(request):
    raise PermissionDenied(SECRET)


def not_found(request):
    raise Http404(SECRET)


def server_error(request):
    raise RuntimeError(SECRET)


urlpatterns = [
    path("fail/400/", bad_request),
    path("fail/403/", forbidden),
    path("fail/404/", not_found),
    path("fail/500/", server_error),
    path("", include("shangcheng.urls")),
]
