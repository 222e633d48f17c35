"""The root URLconf: the composed pages, then each app's own ``urls.py``."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from .pages import overview, unit

admin.site.site_header = admin.site.site_title = "上城区社会工作站（室）管理平台"

urlpatterns = [
    path("", overview.home, name="home"),
    path("rules/", overview.rule_catalogue, name="rules"),
    path("district/", overview.district, name="district"),
    path("streets/<int:pk>/", overview.street, name="street"),
    path("units/<int:pk>/", unit.unit, name="unit"),
    path("accounts/", include("accounts.urls")),
    # Public: the language can be chosen on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("stations.urls")),
    path("staffing/", include("staffing.urls")),
    path("supervision/", include("supervision.urls")),
    path("projects/", include("projects.urls")),
    path("admin/", admin.site.urls),
]
