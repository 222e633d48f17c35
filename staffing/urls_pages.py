from django.urls import path

from . import views

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
]
