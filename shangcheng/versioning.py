"""Optimistic locking for every record people edit through forms (a base module).

A versioned record carries ``version`` (``Versioned``: declared once here, bumped on every
save by any path — a form, the admin, a shell — and kept out of its history). An edit form
carries the version it was opened at, hidden; the service compares it under a row lock.
SECURITY.md: the second of two saves from stale forms is told so and loses nothing
silently.
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords


class StaleEdit(ValidationError):
    """Someone saved the record after this form was opened."""

    def __init__(self, message=None, code="stale", params=None):
        if message is None:
            message = _(
                "This record was changed by someone else after you opened it; "
                "reload the page and enter your changes again."
            )
        super().__init__(message, code=code, params=params)


class Versioned(models.Model):
    """A record edited through forms: every update bumps ``version``, so a form opened
    before it is refused as stale."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


def versioned_history(**kwargs) -> HistoricalRecords:
    """The change history of a ``Versioned`` model: the version counter is no business fact."""
    return HistoricalRecords(excluded_fields=["version"], **kwargs)


def lock_versioned(model: type[Versioned], *, pk, version: int | None) -> Versioned:
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
def save_versioned(
    model: type[Versioned], *, pk, version: int | None, data: dict, fields: frozenset[str]
) -> Versioned:
    """Set ``data`` on row ``pk`` unless it changed since ``version``; validate and save.

    ``fields`` is the allow-list of what the caller may change: any other key (``version``,
    a foreign key the form does not show) is a programming error, refused before anything
    is read. Returns the saved instance with its version incremented. Nothing is written
    when the version is stale or the record is invalid (``ValidationError``).
    """
    unexpected = set(data) - set(fields)
    if unexpected:
        raise ValueError(f"{model.__name__}: fields not allowed here: {sorted(unexpected)}")
    current = lock_versioned(model, pk=pk, version=version)
    for field, value in data.items():
        setattr(current, field, value)
    current.full_clean()
    current.save()  # Versioned bumps the version
    return current


@contextmanager
def refusing_races(refusal=None):
    """A duplicate that slipped past validation (two tabs, a race) is refused, not a 500:
    the database's unique constraint (``IntegrityError``) or, with ``refusal`` (a function
    giving the caller's own ``ValidationError``), the model's check of a constraint whose
    ``violation_error_code`` is "duplicate" too. Runs the block in a savepoint."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        if refusal is not None:
            raise refusal() from None
        raise ValidationError(
            _("Someone saved the same record a moment ago; reload the page."), code="race"
        ) from None
    except ValidationError as e:
        unnamed = getattr(e, "error_dict", {}).get(NON_FIELD_ERRORS, [])
        if refusal is not None and any(error.code == "duplicate" for error in unnamed):
            raise refusal() from None
        raise
