"""Chain the audit rows written before the chain existed, in id order."""

from django.db import migrations

from accounts import auditchain

FIELDS = ("id", *auditchain.HASHED_FIELDS)
BATCH = 1000


def chain_existing_rows(apps, schema_editor):
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    rows = AuditEvent.objects.using(schema_editor.connection.alias).order_by("pk")
    prev, after = auditchain.GENESIS, 0
    while batch := list(rows.filter(pk__gt=after).only(*FIELDS)[:BATCH]):
        for row in batch:
            row.prev_hash = prev
            row.hash = prev = auditchain.row_hash(row.__dict__, prev)
        AuditEvent.objects.using(schema_editor.connection.alias).bulk_update(
            batch, ["prev_hash", "hash"]
        )
        after = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_audit_chain"),
    ]

    operations = [
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop, elidable=False),
    ]
