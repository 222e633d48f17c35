"""Supervision pages: evaluations (see supervision/urls.py)."""

urlpatterns = []
