"""Which project records a closed year locks (``stations.models.closing``).

A project is dated by its first and last year (a project that started or ended in a closed
year keeps both; one that merely runs through it may still be renamed or ended later), a
stage by the day it was reached, the rest by their year. Awards and purchases belong to the
streets of everything they name; the district's own funding only to a district closure.
Practice bases (G4) are standing partnerships, not records of a year: not locked.
"""

from stations.models.closing import register, years_of

from .models import Award, CaseStudy, Funding, Project, Purchase, SiteBudget, StageRecord


def _project(p: Project):
    return [p.unit.street_id], years_of(p.first_year, p.last_year)


def _stage(s: StageRecord):
    return [s.project.unit.street_id], years_of(s.reached_on)


def _unit_year(record):
    return [record.unit.street_id], years_of(record.year)


def _funding(f: Funding):
    return [f.street_id], years_of(f.year)


def _purchase(p: Purchase):
    return [p.funding.street_id, p.project.unit.street_id], years_of(p.funding.year)


def _award(a: Award):
    streets = [
        a.project.unit.street_id if a.project_id else None,
        a.case_study.unit.street_id if a.case_study_id else None,
        a.person.street_id if a.person_id else None,
    ]
    return streets, years_of(a.year)


def register_all() -> None:
    register(Project, _project, endpoints=["last_year"], live=["stage"])
    register(StageRecord, _stage)
    register(CaseStudy, _unit_year)
    register(SiteBudget, _unit_year)
    register(Funding, _funding)
    register(Purchase, _purchase)
    register(Award, _award)
