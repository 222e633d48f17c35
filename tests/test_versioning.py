"""Optimistic locking in the base: the version bumps on any save, and only allowed fields
change."""

import pytest

from shangcheng.versioning import StaleEdit, save_versioned
from stations.models import Unit


def test_save_versioned_refuses_a_field_outside_its_allow_list(station):
    with pytest.raises(ValueError, match="street"):
        save_versioned(
            Unit,
            pk=station.pk,
            version=station.version,
            data={"name": station.name, "street": None},
            fields=frozenset({"name"}),
        )
    station.refresh_from_db()
    assert station.version == 1


def test_save_versioned_bumps_the_version_and_a_stale_second_save_is_refused(station):
    fields = frozenset({"brand"})
    saved = save_versioned(Unit, pk=station.pk, version=1, data={"brand": "A"}, fields=fields)
    assert saved.version == 2
    with pytest.raises(StaleEdit):
        save_versioned(Unit, pk=station.pk, version=1, data={"brand": "B"}, fields=fields)
    station.refresh_from_db()
    assert (station.brand, station.version) == ("A", 2)


def test_the_version_is_kept_out_of_every_history(db):
    from django.apps import apps

    from shangcheng.versioning import Versioned

    for model in apps.get_models():
        if issubclass(model, Versioned) and hasattr(model, "history"):
            historical = model.history.model
            assert "version" not in {f.name for f in historical._meta.fields}, model.__name__
