"""Who may reach which projects, case studies, funding, site budgets, awards and practice
bases, on ``accounts.access`` scope; out of scope is 404.

- Projects and case studies belong to a unit: whoever sees the unit reads them, whoever
  keeps the unit's records (the district, the street's clerk, the workroom's community
  user) keeps them. Skipping a C1 stage and the P3 flag are the district's.
- Funding is the district's (its own fund, every street's) and a street clerk's (their
  street's); the G2 page of every street is the district's.
- Site budgets (G6) and awards (G5) are the district's to record; anyone who sees the unit
  reads them. Practice bases (G4) are kept with the station's street.
"""

from django.db.models import Q

from accounts.access import (
    get_in_scope,
    is_district,
    keeps_street_records,
    one_or_404,
    streets_for,
    units_for,
)

from .models import (
    Award,
    CaseStudy,
    Funding,
    PracticeBase,
    Project,
    Purchase,
)


def may_override_stages(user) -> bool:
    """Skip a C1 stage (with a reason, audited) and flag a project administrative (P3)."""
    return is_district(user)


def may_keep_funding(user) -> bool:
    return keeps_street_records(user)


def may_see_district_funding(user) -> bool:
    """The district's own fund and the G2 page of every street."""
    return is_district(user)


def may_record_site_budgets(user) -> bool:
    return is_district(user)


def may_record_awards(user) -> bool:
    return is_district(user)


def visible_projects(user):
    return Project.objects.filter(unit__in=units_for(user, write=False))


def get_project_for_user(user, pk, *, write=False):
    projects = Project.objects.select_related("unit__street", "unit__community")
    return get_in_scope(projects, pk, via="unit", scope=units_for(user, write=write))


def visible_case_studies(user):
    return CaseStudy.objects.filter(unit__in=units_for(user, write=False))


def get_case_study_for_user(user, pk, *, write=False):
    cases = CaseStudy.objects.select_related("unit__street")
    return get_in_scope(cases, pk, via="unit", scope=units_for(user, write=write))


def visible_fundings(user):
    """The district sees every funding (its own included); a street clerk their street's."""
    if is_district(user):
        return Funding.objects.all()
    return Funding.objects.filter(street__in=streets_for(user, write=False))


def writable_fundings(user):
    if not may_keep_funding(user):
        return Funding.objects.none()
    return visible_fundings(user)


def get_funding_for_user(user, pk, *, write=False):
    fundings = writable_fundings(user) if write else visible_fundings(user)
    return one_or_404(fundings.select_related("street"), pk=pk)


def get_purchase_for_user(user, pk, *, write=False):
    """A purchase of a fund the user sees (or keeps, ``write``); else 404."""
    fundings = writable_fundings(user) if write else visible_fundings(user)
    purchases = Purchase.objects.select_related("funding__street", "project__unit")
    return one_or_404(purchases.filter(funding__in=fundings), pk=pk)


def visible_awards(user):
    """The district sees every award; others those for a project or case study of a unit
    they see, or a person on a roster of a street they see."""
    if is_district(user):
        return Award.objects.all()
    units = units_for(user, write=False)
    return Award.objects.filter(
        Q(project__unit__in=units)
        | Q(case_study__unit__in=units)
        | Q(person__street__in=streets_for(user, write=False))
    )


def get_award_for_user(user, pk, *, write=False):
    if write and not may_record_awards(user):
        return one_or_404(Award.objects.none(), pk=pk)
    return one_or_404(visible_awards(user), pk=pk)


def get_practice_base_for_user(user, pk, *, write=False):
    bases = PracticeBase.objects.select_related("station__street")
    return get_in_scope(bases, pk, via="station", scope=units_for(user, write=write))
