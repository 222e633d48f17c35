from .views import appraisals, evaluations, fees, files, parameters, review, team

app_name = "supervision"
urlpatterns = [
    *evaluations.urlpatterns,
    *files.urlpatterns,
    *review.urlpatterns,
    *appraisals.urlpatterns,
    *fees.urlpatterns,
    *team.urlpatterns,
    *parameters.urlpatterns,
]
