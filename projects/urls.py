from .views import awards, board, cases, funding, imports

app_name = "projects"
urlpatterns = [
    *board.urlpatterns,
    *cases.urlpatterns,
    *funding.urlpatterns,
    *awards.urlpatterns,
    *imports.urlpatterns,
]
