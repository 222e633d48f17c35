"""What every app's services share: refusing a save from a stale form (optimistic locking).

A record that people edit through forms carries ``version`` (a ``PositiveIntegerField``,
``editable=False``, excluded from its history); the edit form carries the version it was
opened at, hidden. SECURITY.md: the second of two saves from stale forms is told so and
loses nothing silently — so the row is locked, the versions compared, and the version
bumped on every save.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _


class StaleEdit(ValidationError):
    """Someone saved the record after this form was opened."""

    def __init__(self, message=None, code="stale", params=None):
        if message is None:
            message = _(
                "This record was changed by someone else after you opened it; "
                "reload the page and enter your changes again."
            )
        super().__init__(message, code=code, params=params)


def lock_versioned(model: type[models.Model], *, pk, version: int | None) -> models.Model:
    """The row ``pk`` of ``model``, locked until the caller's transaction ends (call it
    inside ``transaction.atomic``).

    Raises ``StaleEdit`` if it changed since ``version`` was read; ``None`` skips the
    comparison, for writers that read and write in one transaction (the roster import).
    """
    current = model._default_manager.select_for_update().get(pk=pk)
    if version is not None and current.version != version:
        raise StaleEdit()
    return current


@transaction.atomic
def save_versioned(model: type[models.Model], *, pk, version: int | None, data: dict):
    """Set ``data`` on row ``pk`` unless it changed since ``version``; validate and save.

    Returns the saved instance with its version incremented. Nothing is written when the
    version is stale or the record is invalid (``ValidationError`` from ``full_clean``).
    """
    current = lock_versioned(model, pk=pk, version=version)
    for field, value in data.items():
        setattr(current, field, value)
    current.full_clean()
    current.save()  # VersionedMixin bumps the version
    return current


class VersionedMixin:
    """For a model with a ``version`` field: every update, by any path (a form, the admin, a
    shell), bumps the version, so a form opened before it is refused as stale."""

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
