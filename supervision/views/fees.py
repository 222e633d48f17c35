"""Supervision pages: fees (see supervision/urls.py)."""

urlpatterns = []
