"""Every finding of a set of units, gathered from each app's ``compliance.py``.

The unit page, the street scorecard, the ``compliance`` command and the exports all call
``findings_for_units`` so they show the same findings, computed in one place. Each app adds
its findings here; the query count does not depend on the number of units.
"""

from datetime import date

from shangcheng import rules
from staffing import compliance as staffing_compliance
from stations import compliance as stations_compliance


def findings_for_units(units, on: date) -> dict[int, list[rules.Finding]]:
    units = list(units)
    lists = stations_compliance.list_findings(units)
    staffing = staffing_compliance.staffing_findings(units, on)
    return {
        unit.pk: stations_compliance.premises_findings(unit) + lists[unit.pk] + staffing[unit.pk]
        for unit in units
    }


def unit_findings(unit, on: date) -> list[rules.Finding]:
    return findings_for_units([unit], on)[unit.pk]
