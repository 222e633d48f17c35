"""The audit retention purge from the command line (the Celery beat job runs the same)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.tasks import may_delete_audit_rows, prune_audit_log


class Command(BaseCommand):
    help = (
        "Delete audit events older than AUDIT_RETENTION_DAYS (at least 180 days), oldest "
        "first, keeping the hash chain verifiable. Where the app's database role may not "
        "delete audit rows, run this with the owner's DATABASE_URL (docs/OPERATIONS.md)."
    )

    def handle(self, *args, **options):
        if not may_delete_audit_rows():
            raise CommandError(
                "this database role may not delete audit rows: run with the owner's DATABASE_URL"
            )
        deleted = prune_audit_log()
        self.stdout.write(f"deleted {deleted} audit events")
