from django.urls import path

from . import import_views, views

app_name = "staffing"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/unmask/", views.person_unmask, name="person_unmask"),
    path("people/<int:pk>/posts/new/", views.post_assign, name="post_assign"),
    path("people/<int:pk>/certificates/new/", views.certificate_add, name="certificate_add"),
    path("people/<int:pk>/qualifications/new/", views.qualification_add, name="qualification_add"),
    path("people/<int:pk>/appraisals/new/", views.appraisal_record, name="appraisal_record"),
    path("posts/<int:pk>/end/", views.post_end, name="post_end"),
    path("tenure/", views.tenure, name="tenure"),
    # The roster import from Excel.
    path("roster-import/", import_views.roster_upload, name="roster_upload"),
    path("roster-import/template/", import_views.roster_template, name="roster_template"),
    path("roster-import/<int:pk>/", import_views.roster_preview, name="roster_preview"),
    path("roster-import/<int:pk>/confirm/", import_views.roster_confirm, name="roster_confirm"),
]
