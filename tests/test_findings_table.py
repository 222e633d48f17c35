"""Findings kept as rows (``shangcheng.findings``): after any write through the services the
table equals a fresh ``findings_for_units``; a write costs no query until it commits, and
one transaction refreshes its units once."""

import os
import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from projects.models import Funding, Project
from projects.services import funding as funding_services
from projects.services import projects as project_services
from reports.models import UnitFinding
from shangcheng import findings, rules
from shangcheng.compliance import findings_for_units
from shangcheng.tasks import refresh_findings
from staffing import services as staffing_services
from staffing.models import Person, Post
from stations import services as station_services
from stations.models import ListItem, Unit
from tests import factories
from tests.projects.factories import ProjectFactory
from tests.supervision.factories import AssignmentFactory, SupervisorFactory

WRITES = int(os.environ.get("FINDINGS_WRITES", "40"))


def _multiset(found):
    return Counter((f.rule, str(f.severity), f.message) for f in found)


def _assert_table_is_fresh(units, seed, step=""):
    today = timezone.localdate()
    units = list(Unit.objects.filter(pk__in=[u.pk for u in units]).select_related("street"))
    with translation.override(settings.LANGUAGE_CODE):
        fresh = findings_for_units(units, today)
    stored = findings.stored_findings(units).findings
    for unit in units:
        assert _multiset(stored[unit.pk]) == _multiset(fresh[unit.pk]), (
            f"seed={seed} step={step} unit={unit.name}"
        )


def _district():
    """Two streets, each with a station, two workrooms, staff, a supervisor, projects."""
    units, people = [], []
    for _ in range(2):
        street = factories.StreetFactory(communities=3)
        station = factories.StationFactory(street=street)
        rooms = [factories.WorkroomFactory(community=c) for c in street.communities.all()[:2]]
        units += [station, *rooms]
        for unit, post in [(station, "head"), (station, "social_worker"), (rooms[0], None)]:
            kwargs = {"post": post} if post else {}
            people.append(factories.PostFactory(unit=unit, **kwargs).person)
        AssignmentFactory(unit=rooms[0], supervisor=SupervisorFactory(person__street=street))
        ProjectFactory(unit=station)
        factories.ListItemFactory(unit=rooms[1])
    return units, people


def _write(rng, units, people, actor):
    """One random write through a service (each a transaction of its own); refusals
    (a ValidationError) write nothing."""
    unit = rng.choice(units)
    today = timezone.localdate()
    person = rng.choice(people)
    action = rng.choice(
        [
            "list_add",
            "list_add",
            "list_delete",
            "post_assign",
            "post_end",
            "certificate",
            "qualification",
            "person_rename",
            "recognition",
            "project",
            "funding",
            "purchase",
            "site_budget",
            "assignment",
            "unit_rename",
        ]
    )
    if action == "list_add":
        station_services.list_item_add(
            unit=unit, list=rng.choice(ListItem.List.values), title=f"事项{rng.randint(1, 999)}"
        )
    elif action == "list_delete":
        item = ListItem.objects.filter(unit__in=units).order_by("?").first()
        if item:
            station_services.list_item_delete(item=item, version=item.version)
    elif action == "post_assign":
        kind = "station" if unit.is_station else "workroom"
        post = rng.choice(
            ["head", "deputy", "social_worker"] if kind == "station" else ["workroom_social_worker"]
        )
        staffing_services.post_assign(
            person=person,
            unit=unit,
            post=post,
            start=today - timedelta(days=rng.randint(0, 2000)),
            full_time=rng.random() < 0.8,
        )
    elif action == "post_end":
        post = Post.objects.filter(person__in=people, end__isnull=True).order_by("?").first()
        if post:
            staffing_services.post_end(post=post, end=today - timedelta(days=rng.randint(0, 5)))
    elif action == "certificate":
        staffing_services.certificate_add(
            person=person,
            level="assistant",
            number=f"R{rng.randint(0, 10**8):08d}",
            issued_on=today - timedelta(days=rng.randint(1, 900)),
            expires_on=rng.choice([None, today + timedelta(days=rng.randint(-30, 300))]),
        )
    elif action == "qualification":
        staffing_services.qualification_add(
            person=person, kind="supervisor", level=rng.choice(["municipal", "district"]), year=2023
        )
    elif action == "person_rename":
        person = Person.objects.get(pk=person.pk)
        staffing_services.person_update(
            person=person, data={"name": f"张{rng.randint(10, 99)}"}, version=person.version
        )
    elif action == "recognition":
        station_services.recognition_add(
            unit=unit, level="municipal", year=rng.choice([2023, 2024, 2025, today.year])
        )
    elif action == "project":
        category = rng.choice(list(rules.project_categories(unit.kind)))
        project_services.project_add(
            unit=unit,
            actor=actor,
            name=f"项目{rng.randint(0, 10**6)}",
            category=category,
            first_year=rng.choice([today.year - 1, today.year]),
            declared_non_administrative=rng.random() < 0.7,
            reached_on=today,
            evidence="调研报告",
        )
    elif action == "funding":
        existing = Funding.objects.filter(year=today.year - 1, street=unit.street).first()
        funding_services.funding_save(
            year=today.year - 1,
            street=unit.street,
            venture_fund=Decimal(rng.randint(1, 50) * 10000),
            version=existing.version if existing else None,
            actor=actor,
        )
    elif action == "purchase":
        funding = Funding.objects.filter(street=unit.street, year=today.year - 1).first()
        project = Project.objects.filter(unit__street=unit.street, unit__kind="station").first()
        if funding and project:
            funding_services.purchase_add(
                funding=funding,
                project=project,
                amount=Decimal(rng.randint(1, 100) * 1000),
                actor=actor,
            )
    elif action == "site_budget":
        funding_services.site_budget_save(
            unit=unit, year=today.year, amount=Decimal("5000"), actor=actor
        )
    elif action == "assignment":  # assignments are kept in the admin (a model save)
        with transaction.atomic():
            AssignmentFactory(
                unit=unit,
                supervisor=SupervisorFactory(person__street=unit.street, user=None),
                core=rng.random() < 0.5,
                start=today - timedelta(days=30),
            )
    elif action == "unit_rename":
        unit = Unit.objects.get(pk=unit.pk)
        station_services.unit_update(
            unit=unit, data={"uses_logo": not unit.uses_logo}, version=unit.version
        )
    return action


@pytest.mark.django_db(transaction=True)
def test_the_table_equals_fresh_findings_after_random_writes_through_the_services():
    seed = int(os.environ.get("FINDINGS_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    units, people = _district()
    actor = factories.UserFactory(district=True)
    findings.refresh_all()
    _assert_table_is_fresh(units, seed, "refresh_all")
    done = Counter()
    for step in range(WRITES):
        try:
            action = _write(rng, units, people, actor)
        except ValidationError:
            action = "refused"
        done[action] += 1
        _assert_table_is_fresh(units, seed, f"{step} {action}")
    print(f"seed={seed} writes={dict(done)}")
    assert sum(n for a, n in done.items() if a != "refused") > WRITES // 2, (seed, done)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_the_table_as_it_was():
    station = factories.StationFactory()
    findings.refresh_all()
    before = findings.stored_findings([station]).findings
    with pytest.raises(RuntimeError), transaction.atomic():
        for n in range(3):
            station_services.list_item_add(unit=station, list="needs", title=f"需求{n}")
        raise RuntimeError
    assert findings.stored_findings([station]).findings == before
    # The next transaction on the same connection still refreshes.
    station_services.list_item_add(unit=station, list="needs", title="需求")
    _assert_table_is_fresh([station], seed=None)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_refreshes_its_units_once_on_commit(monkeypatch):
    street = factories.StreetFactory(communities=2)
    station = factories.StationFactory(street=street)
    room = factories.WorkroomFactory(community=street.communities.first())
    findings.refresh_all()
    calls = []
    real = findings.refresh_units
    monkeypatch.setattr(findings, "refresh_units", lambda ids, on=None: calls.append(set(ids)))
    with transaction.atomic():
        for n in range(5):
            station_services.list_item_add(unit=room, list="needs", title=f"需求{n}")
        assert calls == []  # nothing before the commit
    # The workroom's list changed; nothing points at the station.
    assert calls == [{room.pk}]
    calls.clear()
    # A person's record: every unit they held a post at (S4); a funding: the street's
    # every unit (G2, shown on the station).
    person = factories.PostFactory(
        unit=room, post="workroom_social_worker", start=date(2022, 1, 1), end=date(2022, 12, 31)
    ).person
    assert calls == [{room.pk}]
    calls.clear()
    with transaction.atomic():
        staffing_services.certificate_add(
            person=person, level="assistant", number="ZS-T1", issued_on=date(2023, 1, 1)
        )
    assert calls == [{room.pk}]
    calls.clear()
    with transaction.atomic():
        staffing_services.post_assign(
            person=person, unit=station, post="social_worker", start=date(2024, 1, 1)
        )
        staffing_services.qualification_add(
            person=person, kind="supervisor", level="municipal", year=2023
        )
    assert calls == [{station.pk, room.pk}]
    calls.clear()
    other = factories.StationFactory()
    calls.clear()
    with transaction.atomic():
        Funding.objects.create(year=2025, street=street, venture_fund=Decimal("100000"))
    assert calls == [{station.pk, room.pk}]
    assert other.pk not in calls[0]
    monkeypatch.setattr(findings, "refresh_units", real)


@pytest.mark.django_db
def test_a_save_costs_no_query_until_commit(django_assert_num_queries):
    station = factories.StationFactory()
    item = ListItem(unit=station, list="needs", title="需求")
    with transaction.atomic():
        item.save()
        with django_assert_num_queries(0):
            findings._note(item, "default")
            findings._note(station, "default")


@pytest.mark.django_db
def test_stored_findings_reads_one_query_and_tells_when(django_assert_num_queries):
    units = [factories.StationFactory() for _ in range(3)]
    findings.refresh_units([u.pk for u in units])
    with django_assert_num_queries(1):
        stored = findings.stored_findings(units)
    assert set(stored.findings) == {u.pk for u in units}
    assert all(stored.findings[u.pk] for u in units)  # a bare station breaks F1–F5
    assert stored.computed_at is not None
    assert stored.computed_at <= timezone.now()
    with django_assert_num_queries(1):
        by_queryset = findings.stored_findings(Unit.objects.filter(pk__in=[u.pk for u in units]))
    assert dict(by_queryset.findings) == stored.findings
    assert findings.stored_findings([]) == ({}, None)


@pytest.mark.django_db
def test_refresh_replaces_rows_and_skips_deleted_units():
    station = factories.StationFactory()
    findings.refresh_units([station.pk])
    first = UnitFinding.objects.filter(unit=station).count()
    assert first
    assert findings.refresh_units([station.pk, 10**9]) == first  # no duplicates, no error
    assert UnitFinding.objects.filter(unit=station).count() == first


@pytest.mark.django_db
def test_the_nightly_job_and_the_command_refresh_every_street():
    units = [factories.StationFactory() for _ in range(2)]
    UnitFinding.objects.create(
        unit=units[0],
        rule="F1",
        clause="x",
        severity="info",
        message="旧",
        computed_at=timezone.now(),
    )
    counts = refresh_findings.delay().get()
    assert counts["units"] == 2 and counts["streets"] >= 2
    assert not UnitFinding.objects.filter(message="旧").exists()
    _assert_table_is_fresh(units, seed=None)
    out = StringIO()
    call_command("refresh_findings", stdout=out)
    assert "2 units" in out.getvalue()


def test_the_nightly_job_is_scheduled_at_half_past_one():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-findings"]
    assert entry["task"] == "shangcheng.tasks.refresh_findings"
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {30}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
