from django.core.management.base import BaseCommand

from shangcheng import findings


class Command(BaseCommand):
    help = "Recompute every unit's findings into the findings table (what the nightly job does)."

    def handle(self, *args, **options):
        counts = findings.refresh_all()
        self.stdout.write(
            "{streets} streets, {units} units, {rows} findings refreshed.".format(**counts)
        )
