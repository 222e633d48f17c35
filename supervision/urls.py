from .views import appraisals, evaluations, fees, parameters, team

app_name = "supervision"
urlpatterns = [
    *evaluations.urlpatterns,
    *appraisals.urlpatterns,
    *fees.urlpatterns,
    *team.urlpatterns,
    *parameters.urlpatterns,
]
