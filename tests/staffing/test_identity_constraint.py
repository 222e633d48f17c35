"""Issue #11: the database keeps one person per normalised ID number.

Stored ID numbers and mobiles must be in normal form (check constraints, ASCII only), so the
unique index on the stored number is one per normalised number: a raw write of a duplicate,
or of a full-width twin of a stored number, is an ``IntegrityError`` whatever path it takes.
Migration 0006 normalises existing rows first and stops, changing nothing, on a pair that
would become duplicates. Runs on SQLite and PostgreSQL alike.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from staffing.models import Person
from tests.factories import PersonFactory

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
BEFORE = [("staffing", "0005_policy_corrections_w1_s3")]


_UPDATES = {
    "id_number": "UPDATE staffing_person SET id_number = %s WHERE id = %s",
    "mobile": "UPDATE staffing_person SET mobile = %s WHERE id = %s",
}


def _raw_update(pk, **values):
    """Write past the ORM, as a script or a bad migration might."""
    with transaction.atomic(), connection.cursor() as cursor:
        for column, value in values.items():
            cursor.execute(_UPDATES[column], [value, pk])


def test_a_raw_duplicate_id_number_is_an_integrity_error(street, other_street):
    first = PersonFactory(street=street)
    twin = PersonFactory.build(street=other_street, id_number=first.id_number)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.bulk_create([twin])
    assert Person.objects.count() == 1


def test_a_raw_update_to_a_full_width_twin_is_an_integrity_error(street):
    first, second = PersonFactory(street=street), PersonFactory(street=street)
    with pytest.raises(IntegrityError):
        _raw_update(second.pk, id_number=first.id_number.translate(FULL_WIDTH))
    with pytest.raises(IntegrityError):
        _raw_update(second.pk, id_number=first.id_number)
    second.refresh_from_db()
    assert second.id_number != first.id_number


@pytest.mark.parametrize(
    "stored", ["33010219900307102x", "330102 19900307102", "３３０１０２１９９００３０７１０２X"]
)
def test_only_a_normalised_id_number_can_be_stored(street, stored):
    person = PersonFactory(street=street)
    with pytest.raises(IntegrityError):
        _raw_update(person.pk, id_number=stored)


@pytest.mark.parametrize("stored", ["13８００１３８０００", "+8613800138", "1380013800a"])
def test_only_a_normalised_mobile_can_be_stored(street, stored):
    person = PersonFactory(street=street)
    with pytest.raises(IntegrityError):
        _raw_update(person.pk, mobile=stored)
    _raw_update(person.pk, mobile="")  # no mobile is allowed


def test_saving_through_the_orm_normalises_so_a_full_width_twin_hits_the_unique_index(street):
    first = PersonFactory(street=street)
    twin = PersonFactory.build(street=street, id_number=first.id_number.translate(FULL_WIDTH))
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()  # no full_clean: the database alone refuses it
    assert Person.objects.count() == 1


# Migration 0006 on rows stored before this change


@pytest.fixture
def before_0006(transactional_db):
    """The staffing schema as it was before 0006 (no check constraints); migrated forward
    again afterwards, whatever the test did."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM staffing_person")
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)


def _migrate_forward():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_0006_normalises_stored_numbers(before_0006, street):
    old_person = before_0006.get_model("staffing", "Person")
    old_person.objects.create(
        street_id=street.pk,
        name="王小明",
        gender="female",
        id_number="３３０１０２１９９００３０７１０２x",
        mobile="13８００１３８０００",
    )
    _migrate_forward()
    assert Person.objects.values_list("id_number", "mobile").get() == (
        "33010219900307102X",
        "13800138000",
    )


def test_migration_0006_stops_on_two_rows_that_are_one_person_and_changes_nothing(
    before_0006, street
):
    old_person = before_0006.get_model("staffing", "Person")
    for number in ("33010219900307102X", "３３０１０２１９９００３０７１０２X"):
        old_person.objects.create(
            street_id=street.pk, name="王小明", gender="female", id_number=number
        )
    with pytest.raises(RuntimeError, match="merge each group by hand"):
        _migrate_forward()
    stored = set(old_person.objects.values_list("id_number", flat=True))
    assert stored == {"33010219900307102X", "３３０１０２１９９００３０７１０２X"}
