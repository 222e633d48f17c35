"""Supervision pages: team (see supervision/urls.py)."""

urlpatterns = []
