"""Placeholder: filled in by this issue's work (see projects.views)."""

urlpatterns = []
