from .views import appraisals, evaluations, fees, team

app_name = "supervision"
urlpatterns = [
    *evaluations.urlpatterns,
    *appraisals.urlpatterns,
    *fees.urlpatterns,
    *team.urlpatterns,
]
