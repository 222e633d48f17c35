from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Compile the .po catalogues to .mo without GNU gettext (a fresh laptop lacks msgfmt)."""

    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (pure Python)."

    def handle(self, *args, **options):
        for base in settings.LOCALE_PATHS:
            for po_path in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                if options["verbosity"]:
                    self.stdout.write(f"compiled {po_path}")
