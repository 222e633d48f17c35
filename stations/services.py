"""Writes to units: one function per action, so every way a unit changes is here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Unit


class StaleEdit(ValidationError):
    """Someone saved the record after this form was opened."""


@transaction.atomic
def unit_update(*, unit: Unit, data: dict, version: int) -> Unit:
    """Save a unit's edited fields, refusing a save from a stale form (lost update)."""
    current = Unit.objects.select_for_update().get(pk=unit.pk)
    if current.version != version:
        raise StaleEdit(
            _(
                "This record was changed by someone else after you opened it; "
                "reload the page and enter your changes again."
            ),
            code="stale",
        )
    for field, value in data.items():
        setattr(current, field, value)
    current.version += 1
    current.full_clean()
    current.save()
    return current
