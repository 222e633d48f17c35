from django.urls import include, path

app_name = "staffing"
urlpatterns = [
    path("", include("staffing.urls_pages")),
    path("roster-import/", include("staffing.urls_import")),
]
