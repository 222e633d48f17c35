import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shangcheng import rules
from shangcheng.compliance import district_findings, findings_for_units
from stations.models import Street, Unit

# The district's own findings (G2 of its venture fund) are printed under this name.
DISTRICT = "上城区（区级）"


class Command(BaseCommand):
    help = "Print every policy finding of a street's units (or of all streets)."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--street", help="street name (清波街道), pinyin (qingbo) or code")
        scope.add_argument("--all", action="store_true", help="every street")
        parser.add_argument("--on", help="the day to check, YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options):
        on = self._day(options["on"])
        units = Unit.objects.select_related("street", "community")
        if not options["all"]:
            units = units.filter(street=self._street(options["street"]))
        units = list(units)
        findings = findings_for_units(units, on)
        rows = [(unit.name, f) for unit in units for f in findings[unit.pk]]
        if options["all"]:
            rows += [(DISTRICT, f) for f in district_findings(on)]
        for name, f in rows:
            row = {
                "unit": name,
                "rule": f.rule,
                "clause": f.clause,
                "severity": str(f.severity),
                "message": f.message,
            }
            if options["json"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{row['unit']}\t{row['rule']}\t{row['clause']}\t{row['severity']}\t"
                    f"{row['message']}"
                )

    @staticmethod
    def _day(value):
        if not value:
            return timezone.localdate()
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--on: 日期格式应为 YYYY-MM-DD，收到 {value!r}") from None
        try:
            return rules.require_in_force(day)  # E0
        except ValueError as refused:
            raise CommandError(f"--on: {refused}") from None

    @staticmethod
    def _street(value):
        street = (
            Street.objects.filter(name=value).first()
            or Street.objects.filter(pinyin=value).first()
            or Street.objects.filter(code=value).first()
        )
        if street is None:
            raise CommandError(f"--street: 没有名为 {value!r} 的街道")
        return street
