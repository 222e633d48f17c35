"""Writes to people and posts: one function per action (HackSoft style, keyword-only).

Every function validates the whole record and raises ``ValidationError`` with a Chinese
message naming the field before anything is written; callers (forms, the roster import)
show the message. The S4 check lives in ``shangcheng.rules``; here it is enforced.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from shangcheng import rules
from shangcheng.versioning import StaleEdit as StaleEdit  # re-exported: views catch it here
from shangcheng.versioning import save_versioned
from stations.models import Street, Unit

from .models import PERSON_FIELDS, Certificate, Person, Post, Qualification, StaffAppraisal
from .validators import ID_NUMBER_NOT_HERE, normalise_id_number


def _set_schools(person: Person, schools) -> None:
    """T4: the schools a social worker serves must be schools of the roster's street."""
    if schools is None:
        return
    schools = list(schools)
    if any(school.street_id != person.street_id for school in schools):
        raise ValidationError(
            {"schools_served": _("Only schools of the person's roster street can be chosen.")}
        )
    person.schools_served.set(schools)


# What a person's form or roster row may change (schools are set separately, below).
PERSON_UPDATE_FIELDS = frozenset({*PERSON_FIELDS, "street"})


@transaction.atomic
def person_create(*, street: Street, schools_served=None, **fields) -> Person:
    """A new person on ``street``'s roster. The model normalises and checks every field
    (the person form and the roster import check the same); an ID number registered
    already is refused in words that do not say so (``validators.ID_NUMBER_NOT_HERE``)."""
    person = Person(street=street, **fields)
    person.id_number = normalise_id_number(person.id_number)
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # registered concurrently, after full_clean looked
        raise ValidationError({"id_number": ID_NUMBER_NOT_HERE}, code="unique") from None
    _set_schools(person, schools_served)
    return person


@transaction.atomic
def person_update(*, person: Person, data: dict, version: int | None = None) -> Person:
    """Change a person's fields; a save from a stale form (``version``) is refused.

    ``version`` is ``None`` for the roster import, which reads and writes in one go.
    """
    data = dict(data)
    schools = data.pop("schools_served", None)
    if "id_number" in data:
        data["id_number"] = normalise_id_number(data["id_number"])
    person = save_versioned(
        Person, pk=person.pk, version=version, data=data, fields=PERSON_UPDATE_FIELDS
    )
    _set_schools(person, schools)
    return person


def s4_conflict_message(new: Post, conflicts: list[Post]) -> str:
    held = "；".join(
        _("%(post)s at %(unit)s from %(start)s%(end)s")
        % {
            "post": p.get_post_display(),
            "unit": p.unit,
            "start": p.start.isoformat(),
            "end": _(" to %(end)s") % {"end": p.end.isoformat()} if p.end else "",
        }
        for p in conflicts
    )
    return _(
        "S4 (one person, one post): %(name)s already holds a post on overlapping dates "
        "(%(held)s). End that post first."
    ) % {"name": new.person.name, "held": held}


def s4_concurrent_message(new: Post) -> str:
    return _(
        "S4 (one person, one post): only the head of a mixed-mode station may be recorded "
        "as concurrent; %(post)s at %(unit)s must be full-time."
    ) % {"post": new.get_post_display(), "unit": new.unit}


def s4_refusal(new: Post, existing: list[Post]) -> tuple[str, str] | None:
    """Why S4 refuses ``new`` beside the person's ``existing`` posts, as (field, message),
    or None: a concurrent post other than the mixed-mode head, or an overlap from
    2022-09-01 on. The roster import and ``post_assign`` refuse with the same words."""
    stint = new.stint()
    if not stint.concurrent_allowed:
        return "full_time", s4_concurrent_message(new)
    clashing = rules.dedicated_post_conflicts([p.stint() for p in existing], stint)
    conflicts = [p for p in existing if p.stint() in clashing]
    if conflicts:
        return "start", s4_conflict_message(new, conflicts)
    return None


def post_assign(
    *,
    person: Person,
    unit: Unit,
    post: str,
    start: date,
    full_time: bool = True,
    end: date | None = None,
    note: str = "",
    office_director: bool = False,
    contractor_lead: bool = False,
    actor: User | None = None,
    ip: str | None = None,
) -> Post:
    """Give ``person`` a post at ``unit``; refuses an S4 breach and audits the refusal."""
    new = Post(
        person=person,
        unit=unit,
        post=post,
        start=start,
        end=end,
        full_time=full_time,
        note=note,
        office_director=office_director,
        contractor_lead=contractor_lead,
    )
    new.full_clean()
    with transaction.atomic():
        # Lock the person so two concurrent assignments cannot both pass the S4 check.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        refusal = s4_refusal(new, list(person.posts.select_related("unit")))
        if refusal is None:
            new.save()
            return new
    field, message = refusal
    AuditEvent.objects.record(
        event="post_assign", actor=actor, ip=ip, obj=person, result="failure", detail=message
    )
    raise ValidationError({field: message}, code="s4")


@transaction.atomic
def post_end(*, post: Post, end: date) -> Post:
    """Record the date the person left; the post stays in the history."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.end is not None:
        raise ValidationError(
            {"end": _("This post already ended on %(end)s.") % {"end": post.end.isoformat()}}
        )
    post.end = end
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def certificate_add(*, person: Person, **fields) -> Certificate:
    certificate = Certificate(person=person, **fields)
    certificate.full_clean()
    certificate.save()
    return certificate


@transaction.atomic
def qualification_add(*, person: Person, **fields) -> Qualification:
    qualification = Qualification(person=person, **fields)
    qualification.full_clean()
    qualification.save()
    return qualification


@transaction.atomic
def appraisal_record(*, person: Person, year: int, grade: str) -> StaffAppraisal:
    """Record (or correct) a person's appraisal of ``year``; one per person and year."""
    appraisal = StaffAppraisal.objects.filter(person=person, year=year).first()
    if appraisal is None:
        appraisal = StaffAppraisal(person=person, year=year)
    appraisal.grade = grade
    appraisal.full_clean()
    appraisal.save()
    return appraisal


ROSTER_PREVIEW_DAYS = 7


@transaction.atomic
def roster_imports_expire(*, now) -> int:
    """Previews not confirmed within 7 days lapse: their file (personal data) is dropped."""
    from datetime import timedelta

    from .models import RosterImport

    cutoff = now - timedelta(days=ROSTER_PREVIEW_DAYS)
    expired = RosterImport.objects.filter(
        status=RosterImport.Status.PREVIEWED, created_at__lt=cutoff
    ).update(status=RosterImport.Status.FAILED, content=b"", preview={})
    # The stored dry run (names, masked ID numbers, errors) lapses too, failed uploads' too.
    RosterImport.objects.filter(created_at__lt=cutoff).exclude(preview={}).update(preview={})
    return expired
