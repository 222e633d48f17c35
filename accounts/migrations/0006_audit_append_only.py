"""The audit log is append-only in the database too (PostgreSQL).

The app and its migrations share one database role here, so privileges cannot keep the app
from changing rows; a trigger does: UPDATE and DELETE of audit rows (and of the chain's
anchor) are refused unless the transaction set ``shangcheng.audit_purge`` to ``on``, which
only the retention purge does (``AuditEventManager.purge_before``). One UPDATE stays
allowed: ON DELETE SET NULL of a deleted user's id, which changes nothing else (the user id
is not hashed). A deployment with separate roles also revokes UPDATE, DELETE and TRUNCATE
from the app's role (docs/OPERATIONS.md).
"""

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION accounts_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('shangcheng.audit_purge', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE'
       AND (to_jsonb(OLD) ->> 'user_id') IS NOT NULL
       AND (to_jsonb(NEW) ->> 'user_id') IS NULL
       AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""
TABLES = ("accounts_auditevent", "accounts_auditchainanchor")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION accounts_audit_append_only()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS accounts_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_audit_chain_backfill"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("prev_hash",), name="auditevent_one_successor"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
