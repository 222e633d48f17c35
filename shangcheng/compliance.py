"""Every finding of a set of units, gathered from each app's ``compliance.py``.

The unit page, the street and district pages, the ``compliance`` command and the exports all
call ``findings_for_units`` so they show the same findings, computed in one place. An app
with findings adds its function to ``SOURCES`` (README, "Adding an app"); each takes
``(units, on)``, returns ``{unit id: [Finding, …]}`` and costs a fixed number of queries
whatever the number of units.
"""

from datetime import date

from projects import compliance as projects_compliance
from shangcheng import rules
from staffing import compliance as staffing_compliance
from stations import compliance as stations_compliance
from supervision import compliance as supervision_compliance

SOURCES = (
    stations_compliance.unit_findings,  # F1–F9 premises, L1 lists
    staffing_compliance.staffing_findings,  # S1–S5, W1–W2
    supervision_compliance.supervision_findings,  # V6
    projects_compliance.project_findings,  # P1–P3, C2–C3
)


def findings_for_units(units, on: date) -> dict[int, list[rules.Finding]]:
    """Every app's findings per unit id as of ``on``; ValueError (a Chinese message) for a
    day before the document was in force (E0)."""
    rules.require_in_force(on)
    units = list(units)
    result: dict[int, list[rules.Finding]] = {unit.pk: [] for unit in units}
    for source in SOURCES:
        for pk, found in source(units, on).items():
            result[pk] += found
    return result


def district_findings(on: date) -> list[rules.Finding]:
    """Findings of the district itself, not of a unit: G2 for its own venture fund of the
    last finished year (a street's G2 is on its station)."""
    rules.require_in_force(on)
    finished = on.year - 1
    if finished < rules.IN_FORCE.year:
        return []
    [district] = projects_compliance.funding_status(finished, [], district=True)
    return district.findings


def unit_findings(unit, on: date) -> list[rules.Finding]:
    return findings_for_units([unit], on)[unit.pk]
