from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = admin.site.site_title = "上城区社会工作站（室）管理平台"

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rule_catalogue, name="rules"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("stations.urls")),
    path("staffing/", include("staffing.urls")),
    path("admin/", admin.site.urls),
]
