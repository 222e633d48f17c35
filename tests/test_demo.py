"""seed_demo (shangcheng.demo): the real tree, every S1 tier, the demo accounts, idempotent,
refused unless DEMO is on, and as fresh whatever day it is seeded as of.

The staff the demo generates is tested in tests/staffing/test_demo.py.
"""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.test import override_settings

from accounts.models import User
from shangcheng import rules
from staffing.compliance import tenure_rows
from staffing.models import Certificate, Person, Post, StaffAppraisal, TrainingEvent
from stations.models import Community, Recognition, School, Street, Unit

AS_OF = date(2026, 11, 29)


def _seed(as_of: date) -> str:
    out = StringIO()
    call_command("seed_demo", "--as-of", as_of.isoformat(), stdout=out)
    return out.getvalue()


def _snapshot():
    return (
        Street.objects.count(),
        Community.objects.count(),
        Unit.objects.count(),
        Recognition.objects.count(),
        School.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        Unit.history.count(),
        sorted(Unit.objects.values_list("name", "rooms", "version")),
    )


@pytest.mark.django_db
@override_settings(DEMO=True)
def test_seed_demo_loads_the_real_tree_and_is_idempotent():
    printed = _seed(AS_OF)
    assert Street.objects.count() == 14
    assert Community.objects.count() == 199
    assert Street.objects.get(pinyin="qingbo").name == "清波街道"
    tiers = {rules.required_social_workers(s.communities.count()) for s in Street.objects.all()}
    assert tiers == {3, 4, 5}
    assert Unit.objects.stations().count() == 14
    assert (
        User.objects.filter(
            username__in=["district", "auditor", "supervisor", "qingbo"], is_demo=True
        ).count()
        == 4
    )
    assert "Demo-2022" in printed and "qingbomen" in printed
    first = _snapshot()
    assert "qingbomen" in _seed(AS_OF)  # the accounts are printed again, nothing is created
    assert _snapshot() == first


@pytest.mark.django_db
@override_settings(DEMO=False, DEBUG=True)
def test_seed_demo_is_refused_unless_demo_is_on_even_when_debugging():
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
    assert not Street.objects.exists()


@pytest.mark.django_db
@override_settings(DEMO=True)
def test_seed_demo_refuses_a_day_before_the_demo_can_be_dated():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--as-of", "2025-06-30")
    assert not Street.objects.exists()


@pytest.mark.django_db
@override_settings(DEMO=True)
@pytest.mark.parametrize("as_of", [date(2026, 12, 1), date(2030, 6, 1)])
def test_the_demo_is_as_fresh_whatever_day_it_is_seeded_as_of(as_of):
    _seed(as_of)
    latest = StaffAppraisal.objects.aggregate(year=Max("year"))["year"]
    assert latest == as_of.year - 1
    # Nothing is dated after as_of: posts, certificates, training, recognitions.
    assert not Post.objects.filter(start__gt=as_of).exists()
    assert not Post.objects.filter(end__gt=as_of).exists()
    assert not Certificate.objects.filter(issued_on__gt=as_of).exists()
    assert not TrainingEvent.objects.filter(held_on__gt=as_of).exists()
    assert not Recognition.objects.filter(year__gte=as_of.year).exists()
    assert not Recognition.objects.filter(revoked_on__gt=as_of).exists()
    # Recent is recent: posts started within the last year, and new leaders are not yet
    # eligible for a benefit while others are.
    assert Post.objects.filter(start__gt=date(as_of.year - 1, as_of.month, 1)).exists()
    rows = tenure_rows(as_of)
    # New leaders are not yet eligible, and the page says why.
    assert any(r.status.years < 3 and "任职未满 3 年" in r.status.reason for r in rows)
    assert any(r.status.benefit == rules.Benefit.PRINCIPAL for r in rows)
    assert any(r.status.benefit == rules.Benefit.DEPUTY for r in rows)
