"""Writes to competition awards (G5) and practice bases (G4): one function per action, each
validated whole (``full_clean``) before it saves and audited.

Both records are edited through forms that carry their ``version``: a save or delete from a
stale form raises ``StaleEdit`` and writes nothing.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEvent
from shangcheng.versioning import lock_versioned, refusing_races, save_versioned
from stations.models import Unit

from ..models import Award, CaseStudy, PracticeBase, Project

# G4: the portal keeps practice bases set up since the policy's predecessors; nothing older.
EARLIEST_PRACTICE_BASE = date(2000, 1, 1)

AWARD_FIELDS = frozenset({"title", "level", "year", "project", "case_study", "person"})
PRACTICE_BASE_FIELDS = frozenset({"university", "since"})


def _refusal(field: str, message: str, code: str) -> ValidationError:
    """A refusal under ``field``; the code is set on the inner error, where a form's
    ``has_error(field, code)`` and the tests look for it."""
    return ValidationError({field: ValidationError(message, code=code)})


def _audit(event: str, *, actor, ip, obj, detail: str = "") -> None:
    AuditEvent.objects.record(event=event, actor=actor, ip=ip, obj=obj, detail=detail)


# G5: an award goes to exactly one of a project, a case study or a person.


def _check_one_target(*, project, case_study, person) -> None:
    """G5 selects excellent projects, cases and social workers: an award names exactly one."""
    chosen = [target for target in (project, case_study, person) if target is not None]
    if len(chosen) != 1:
        raise ValidationError(
            _("Choose exactly one of a project, a case study or a person for the award."),
            code="one_target",
        )


def _award_target(award: Award) -> str:
    target = award.project or award.case_study or award.person
    return f"{award.year} {award.get_level_display()} → {target}"


@transaction.atomic
def award_add(
    *,
    actor,
    ip: str | None,
    title: str,
    level: str,
    year: int,
    project: Project | None = None,
    case_study: CaseStudy | None = None,
    person=None,
) -> Award:
    """G5: the district records an award of a competition (大比武)."""
    _check_one_target(project=project, case_study=case_study, person=person)
    award = Award(
        title=title, level=level, year=year, project=project, case_study=case_study, person=person
    )
    award.full_clean()
    award.save()
    _audit("award_add", actor=actor, ip=ip, obj=award, detail=_award_target(award))
    return award


@transaction.atomic
def award_update(
    *,
    award: Award,
    version: int,
    actor,
    ip: str | None,
    title: str,
    level: str,
    year: int,
    project: Project | None = None,
    case_study: CaseStudy | None = None,
    person=None,
) -> Award:
    _check_one_target(project=project, case_study=case_study, person=person)
    data = {
        "title": title,
        "level": level,
        "year": year,
        "project": project,
        "case_study": case_study,
        "person": person,
    }
    award = save_versioned(Award, pk=award.pk, version=version, data=data, fields=AWARD_FIELDS)
    _audit("award_update", actor=actor, ip=ip, obj=award, detail=_award_target(award))
    return award


@transaction.atomic
def award_delete(*, award: Award, version: int, actor, ip: str | None) -> None:
    """Delete, unless someone changed the award after the confirmation page was opened."""
    current = lock_versioned(Award, pk=award.pk, version=version)
    detail = _award_target(current)
    _audit("award_delete", actor=actor, ip=ip, obj=current, detail=detail)
    current.delete()


# G4: a station's practice base with a university.


def _check_since(since: date) -> None:
    if since > timezone.localdate():
        raise _refusal("since", _("The practice base cannot start in the future."), "future")
    if since < EARLIEST_PRACTICE_BASE:
        message = _("The practice base cannot start before %(date)s.") % {
            "date": EARLIEST_PRACTICE_BASE.isoformat()
        }
        raise _refusal("since", message, "too_early")


def _check_station(station: Unit) -> None:
    if not station.is_station:
        raise _refusal("station", _("Only a street station sets up practice bases (G4)."), "kind")


def _duplicate_base() -> ValidationError:
    message = _("This station already has a practice base with this university.")
    return _refusal("university", message, "duplicate")


def _check_unique(*, station: Unit, university: str, exclude_pk=None) -> None:
    same = PracticeBase.objects.filter(station=station, university=university)
    if same.exclude(pk=exclude_pk).exists():
        raise _duplicate_base()


@transaction.atomic
def practice_base_add(
    *, station: Unit, actor, ip: str | None, university: str, since: date
) -> PracticeBase:
    """G4: a station records its practice base (社会工作实践基地) with a university."""
    _check_station(station)
    university = university.strip()
    _check_since(since)
    # One base per station and university: the station row is locked so two clerks saving
    # the same base at once cannot both pass the check.
    Unit.objects.select_for_update().filter(pk=station.pk).order_by("pk").first()
    _check_unique(station=station, university=university)
    base = PracticeBase(station=station, university=university, since=since)
    with refusing_races(_duplicate_base):
        base.full_clean()
        base.save()
    _audit("practice_base_add", actor=actor, ip=ip, obj=base, detail=since.isoformat())
    return base


@transaction.atomic
def practice_base_update(
    *, base: PracticeBase, version: int, actor, ip: str | None, university: str, since: date
) -> PracticeBase:
    university = university.strip()
    _check_since(since)
    Unit.objects.select_for_update().filter(pk=base.station_id).order_by("pk").first()
    _check_unique(station=base.station, university=university, exclude_pk=base.pk)
    data = {"university": university, "since": since}
    with refusing_races(_duplicate_base):
        base = save_versioned(
            PracticeBase, pk=base.pk, version=version, data=data, fields=PRACTICE_BASE_FIELDS
        )
    _audit("practice_base_update", actor=actor, ip=ip, obj=base, detail=since.isoformat())
    return base


@transaction.atomic
def practice_base_delete(*, base: PracticeBase, version: int, actor, ip: str | None) -> None:
    """Delete, unless someone changed the base after the confirmation page was opened."""
    current = lock_versioned(PracticeBase, pk=base.pk, version=version)
    _audit("practice_base_delete", actor=actor, ip=ip, obj=current)
    current.delete()
