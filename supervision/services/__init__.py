"""Writes of supervision, one module per area: ``<entity>_<action>(*, actor, …)``,
keyword-only, never an ``HttpRequest``; each action audited."""
