from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("district/", views.district_home, name="district"),
    path("streets/<int:pk>/", views.street_detail, name="street"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
]
