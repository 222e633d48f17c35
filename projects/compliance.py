"""Where the ORM meets the project rules: P1/P2 and P3 for the projects a unit runs in the
year of the day asked about, and C2/C3 for the case studies of the last finished year (the
current year's quota is still open). Two queries whatever the number of units."""

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count, Q

from shangcheng import rules

from .models import CaseStudy, Project


def project_findings(units, on: date) -> dict[int, list[rules.Finding]]:
    units = list(units)
    ids = [unit.pk for unit in units]
    running = Project.objects.filter(unit_id__in=ids, first_year__lte=on.year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=on.year)
    )
    by_unit = defaultdict(list)
    for project in running.only(
        "unit_id", "name", "category", "declared_non_administrative", "flagged_administrative"
    ):
        by_unit[project.unit_id].append(project.summary())
    finished = on.year - 1
    cases = Counter(
        dict(
            CaseStudy.objects.filter(unit_id__in=ids, year=finished)
            .values_list("unit_id")
            .annotate(n=Count("pk"))
        )
    )
    result = {}
    for unit in units:
        found = rules.check_projects(unit.kind, by_unit[unit.pk])
        if finished >= rules.IN_FORCE.year:
            found += rules.check_case_studies(unit.kind, cases[unit.pk], finished)
        result[unit.pk] = found
    return result
