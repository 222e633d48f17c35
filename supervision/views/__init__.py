"""Supervision pages, one module per area; each module declares its ``urlpatterns``."""
