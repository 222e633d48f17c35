"""Supervision pages: appraisals (see supervision/urls.py)."""

urlpatterns = []
