from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/lists/add/", views.list_item_add, name="list_item_add"),
    path("list-items/<int:pk>/edit/", views.list_item_edit, name="list_item_edit"),
    path("list-items/<int:pk>/delete/", views.list_item_delete, name="list_item_delete"),
    path(
        "units/<int:pk>/special-stations/add/",
        views.special_station_add,
        name="special_station_add",
    ),
    path(
        "special-stations/<int:pk>/edit/",
        views.special_station_edit,
        name="special_station_edit",
    ),
    path(
        "special-stations/<int:pk>/delete/",
        views.special_station_delete,
        name="special_station_delete",
    ),
    path("streets/<int:pk>/schools/add/", views.school_add, name="school_add"),
    path("schools/<int:pk>/edit/", views.school_edit, name="school_edit"),
    path("units/<int:pk>/recognitions/add/", views.recognition_add, name="recognition_add"),
    path("recognitions/<int:pk>/revoke/", views.recognition_revoke, name="recognition_revoke"),
    path("years/", views.years, name="years"),
    path("years/close/", views.year_close, name="year_close"),
    path("years/reopen/", views.year_reopen, name="year_reopen"),
]
