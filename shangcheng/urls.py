from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

admin.site.site_header = admin.site.site_title = "上城区社会工作站（室）管理平台"

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rule_catalogue, name="rules"),
    path("accounts/", include("accounts.urls")),
    # Public: the language can be chosen on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("stations.urls")),
    path("staffing/", include("staffing.urls")),
    path("admin/", admin.site.urls),
]
