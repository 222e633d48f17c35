"""What projects add to the unit page: the year's projects by category against "123N"/"13N",
the case studies of this year and last against the quota, and the project, case-study and
funding findings the page already computed (never recomputed here). Two queries."""

from django.db.models import Count, Q

from shangcheng import rules

from .models import CaseStudy, Project

PROJECT_RULES = frozenset({"P1", "P2", "P3", "L2", "C2", "C3", "G2", "G6"})


def unit_panel(unit, *, on, findings=()) -> dict:
    running = Project.objects.filter(unit=unit, first_year__lte=on.year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=on.year)
    )
    have = dict(running.values_list("category").annotate(n=Count("pk")).order_by())
    categories = [
        {"label": spec.label, "have": have.get(code, 0), "need": spec.minimum}
        for code, spec in rules.project_categories(unit.kind).items()
    ]
    years = [on.year - 1, on.year] if on.year > rules.IN_FORCE.year else [on.year]
    written = dict(
        CaseStudy.objects.filter(unit=unit, year__in=years)
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    quota = rules.case_quota(unit.kind)
    return {
        "year": on.year,
        "categories": categories,
        "cases": [{"year": y, "count": written.get(y, 0), "quota": quota} for y in years],
        "findings": [f for f in findings if f.rule in PROJECT_RULES],
    }
