"""Store every ID number and mobile in normal form before 0007 makes the database insist on it.

Until now ``\\d`` let full-width and other Unicode digits through, so a row may hold
``３３０１…`` or a spaced mobile. Each is rewritten by the one normaliser
(``staffing.validators``). Two rows that normalise to the same ID number are one person
registered twice: merging them is a decision for the district, not for a migration, so the
migration stops and names the rows by their keys (never by the number) and changes nothing.
The demo data has no such pair. The change history (``HistoricalPerson``) keeps what was typed.
"""

from collections import defaultdict

from django.db import migrations

from staffing.validators import normalise_id_number, normalise_mobile


def normalise(apps, schema_editor):
    Person = apps.get_model("staffing", "Person")
    rows = list(Person.objects.values_list("pk", "id_number", "mobile"))
    by_number = defaultdict(list)
    for pk, id_number, __ in rows:
        by_number[normalise_id_number(id_number)].append(pk)
    twice = sorted(pks for pks in by_number.values() if len(pks) > 1)
    if twice:
        raise RuntimeError(
            "staffing.0006: these people share an ID number once normalised; merge each group "
            f"by hand (keep one record, move its posts), then migrate again: {twice}"
        )
    for pk, id_number, mobile in rows:
        new_id, new_mobile = normalise_id_number(id_number), normalise_mobile(mobile)
        if (new_id, new_mobile) != (id_number, mobile):
            Person.objects.filter(pk=pk).update(id_number=new_id, mobile=new_mobile)


class Migration(migrations.Migration):
    dependencies = [
        ("staffing", "0005_policy_corrections_w1_s3"),
    ]

    operations = [
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
