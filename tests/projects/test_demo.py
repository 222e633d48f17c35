"""The demo's projects, case studies and funding: every project and funding finding occurs
somewhere, names are real Chinese names, and seeding twice creates nothing more."""

from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from projects.models import (
    Award,
    CaseStudy,
    Funding,
    PracticeBase,
    Project,
    Purchase,
    SiteBudget,
    StageRecord,
)
from shangcheng import rules
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
    expected = [
        ("P1", "violation"),
        ("P2", "violation"),
        ("P3", "advice"),
        ("P3", "violation"),
        ("L2", "advice"),
        ("C2", "violation"),
        ("C3", "violation"),
        ("G2", "violation"),
        ("G2", "advice"),
        ("G6", "violation"),
    ]
    for key in expected:
        assert found[key], key
    assert found[("G2", "violation")] == found[("G2", "advice")] == 1  # 闸弄口, 彭埠
    assert found[("P1", "violation")] == 2  # 四季青 and 九堡: no governance brand
    # Most units are in order: the findings are the exceptions.
    assert found[("P1", "violation")] + found[("P2", "violation")] < units.count() / 3
    models = [Project, StageRecord, CaseStudy, Funding, Purchase, SiteBudget, Award, PracticeBase]
    before = [model.objects.count() for model in models]
    _seed()
    assert [model.objects.count() for model in models] == before
    assert not Project.objects.filter(name__regex=r"^项目 ?\d").exists()


@pytest.mark.django_db
def test_every_demo_project_has_its_stage_history_up_to_its_stage():
    _seed()
    order = list(rules.ProjectStage)
    reached = Counter(StageRecord.objects.values_list("project_id", flat=True))
    for pk, stage in Project.objects.values_list("pk", "stage"):
        assert reached[pk] == order.index(stage) + 1
    assert not StageRecord.objects.filter(reached_on__gt=AS_OF).exists()
