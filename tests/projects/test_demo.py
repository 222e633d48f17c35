"""The demo's projects and case studies: every project finding occurs somewhere, names are
real Chinese names, and seeding twice creates nothing more."""

from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from projects.models import CaseStudy, Project
from shangcheng.compliance import findings_for_units
from stations.models import Unit

AS_OF = date(2026, 11, 29)


def _seed():
    with override_settings(DEMO=True):
        call_command("seed_demo", "--as-of", AS_OF.isoformat(), verbosity=0)


@pytest.mark.django_db
def test_every_project_finding_occurs_and_seeding_again_adds_nothing():
    _seed()
    units = Unit.objects.select_related("street", "community")
    found = Counter(
        (f.rule, str(f.severity))
        for findings in findings_for_units(units, AS_OF).values()
        for f in findings
    )
    for key in [("P1", "violation"), ("P2", "violation"), ("P3", "advice"), ("C3", "violation")]:
        assert found[key], key
    assert found[("P1", "violation")] == 2  # 四季青 and 九堡: no governance brand
    # Most units are in order: the findings are the exceptions.
    assert found[("P1", "violation")] + found[("P2", "violation")] < units.count() / 3
    before = (Project.objects.count(), CaseStudy.objects.count())
    _seed()
    assert (Project.objects.count(), CaseStudy.objects.count()) == before
    assert not Project.objects.filter(name__regex=r"^项目 ?\d").exists()
