"""Roster previews left unconfirmed lapse after 7 days and lose their file."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import AuditEvent
from staffing.models import RosterImport
from staffing.tasks import expire_roster_previews
from tests.factories import RosterImportFactory


def _record(street, user, *, age_days, status="previewed"):
    record = RosterImportFactory(street=street, uploaded_by=user, content=b"PK-data", status=status)
    RosterImport.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )
    return record


def test_previews_older_than_seven_days_lapse_and_lose_their_file(street, street_clerk):
    old = _record(street, street_clerk, age_days=8)
    fresh = _record(street, street_clerk, age_days=6)
    assert expire_roster_previews.delay().get() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, bytes(old.content)) == ("failed", b"")
    assert (fresh.status, bytes(fresh.content)) == ("previewed", b"PK-data")
    assert AuditEvent.objects.filter(event="job", object="expire_roster_previews").exists()


def test_expiry_is_idempotent_and_leaves_applied_imports_alone(street, street_clerk):
    applied = _record(street, street_clerk, age_days=30, status="applied")
    _record(street, street_clerk, age_days=30)
    assert expire_roster_previews() == 1
    assert expire_roster_previews() == 0
    applied.refresh_from_db()
    assert applied.status == "applied"
