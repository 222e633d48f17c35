"""The projects app's pages, one module per subject, each with its ``urlpatterns``
(concatenated in ``projects.urls``). Each view fetches through ``projects.access`` (out of
scope: 404), validates with a form and writes through ``projects.services``."""
