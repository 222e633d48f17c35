from django.urls import path

from . import import_views as views

urlpatterns = [
    path("template/", views.roster_template, name="roster_template"),
    path("", views.roster_upload, name="roster_upload"),
    path("<int:pk>/", views.roster_preview, name="roster_preview"),
    path("<int:pk>/confirm/", views.roster_confirm, name="roster_confirm"),
]
