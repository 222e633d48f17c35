"""People of the stations and workrooms: certificates, qualifications, posts, appraisals, training.

Personal data (ID number, mobile) is stored whole and shown masked (``staffing.masking``).
Posts are never deleted to change history: ending a post sets ``end``, the date left.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shangcheng import rules
from shangcheng.versioning import Versioned, versioned_history
from stations.models import Street, Unit

from ..validators import (
    ID_NUMBER_NOT_HERE,
    ID_SHAPE_SQL,
    MOBILE_SHAPE_SQL,
    id_birth_date,
    id_number_mismatches,
    normalise_id_number,
    normalise_mobile,
    validate_id_number,
    validate_mobile,
    validate_past_date,
    validate_person_name,
    validate_plausible_date,
)

MOBILE_RE = MOBILE_SHAPE_SQL  # ASCII digits only (``\d`` would match any Unicode digit)


# A person's own facts, in the order forms and the roster show them.
PERSON_FIELDS = (
    *("name", "gender", "birth_date", "id_number", "mobile"),
    *("community_work_since", "social_work_degree"),
)


class Person(Versioned):
    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    name = models.CharField(_("full name"), max_length=50, validators=[validate_person_name])
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, validators=[validate_past_date]
    )
    # One person, one record, district-wide: stored normalised (the check constraint below
    # admits nothing else), so the unique index is one per normalised number. The "unique"
    # message does not say that the number exists (see ``validators.ID_NUMBER_NOT_HERE``).
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        unique=True,
        validators=[validate_id_number],
        error_messages={"unique": ID_NUMBER_NOT_HERE},
    )
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mobile])
    community_work_since = models.DateField(
        _("in community work since"), null=True, blank=True, validators=[validate_past_date]
    )
    # W1: 符合专业资质 is a valid certificate or a social-work degree (大专 or higher).
    social_work_degree = models.BooleanField(
        _("social-work degree (college or higher)"), default=False
    )
    # The street whose roster keeps this person (street clerks see their own roster).
    street = models.ForeignKey(
        Street, models.PROTECT, related_name="people", verbose_name=_("roster street")
    )
    # T4: a social worker stationed at schools (一校一社工 or 多校一社工).
    schools_served = models.ManyToManyField(
        "stations.School",
        blank=True,
        related_name="social_workers",
        verbose_name=_("schools served"),
    )
    history = versioned_history(m2m_fields=[schools_served])

    class Meta:
        ordering = ["street__code", "name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["street", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(id_number__regex=ID_SHAPE_SQL),
                name="person_id_number_normalised",
                violation_error_message=_("An ID number has 17 digits and a check digit or X."),
            ),
            models.CheckConstraint(
                condition=Q(mobile="") | Q(mobile__regex=MOBILE_SHAPE_SQL),
                name="person_mobile_normalised",
                violation_error_message=_("Enter an 11-digit mainland mobile number."),
            ),
        ]

    def __str__(self):
        return self.name

    def normalise(self) -> None:
        """ID number and mobile as stored (``validators.normalise_*``): before any check."""
        self.id_number = normalise_id_number(self.id_number)
        self.mobile = normalise_mobile(self.mobile)

    def clean_fields(self, exclude=None):
        self.normalise()
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as e:
            # "+86 138 0013 800" is too long *and* no mobile: say the second, once.
            raise ValidationError(
                {
                    field: [x for x in errors if x.code != "max_length"] or errors
                    for field, errors in e.error_dict.items()
                }
            ) from None

    def clean(self):
        """The ID number's birth date and gender bind the person's (form and import alike);
        a birth date left empty is the ID number's."""
        super().clean()
        try:
            validate_id_number(self.id_number)
        except ValidationError:
            return  # said under the ID number already
        if self.birth_date is None:
            self.birth_date = id_birth_date(self.id_number)
        birth_date = self.birth_date
        try:
            validate_past_date(birth_date)
        except ValidationError:
            birth_date = None  # out of bounds: said under the birth date already
        mismatches = id_number_mismatches(self.id_number, gender=self.gender, birth_date=birth_date)
        if mismatches:
            raise ValidationError(mismatches)

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("staffing:person", args=[self.pk])

    def community_work_years(self, on: date) -> int:
        """Whole years of community work on ``on`` (W2), by the same count as tenure."""
        if self.community_work_since is None or self.community_work_since > on:
            return 0
        return rules.full_years([(self.community_work_since, None)], on)


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(issued_on__lte=day).exclude(expires_on__lte=day)


class Certificate(models.Model):
    """A social-worker certificate (持证社工): assistant, intermediate or senior."""

    class Level(models.TextChoices):
        ASSISTANT = "assistant", _("assistant social worker")
        INTERMEDIATE = "intermediate", _("social worker")
        SENIOR = "senior", _("senior social worker")

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="certificates", verbose_name=_("person")
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    number = models.CharField(_("certificate number"), max_length=40)
    issued_on = models.DateField(_("issued on"), validators=[validate_past_date])
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    history = HistoricalRecords()

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-issued_on"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["level", "number"], name="certificate_number_unique"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.number}"

    def is_valid_on(self, day):
        return self.issued_on <= day and (self.expires_on is None or self.expires_on > day)

    def clean(self):
        super().clean()
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": _("Must be after the date of issue.")})


class Qualification(models.Model):
    """A talent title or supervisor qualification that S5 looks at (municipal level up)."""

    class Kind(models.TextChoices):
        LEADING_TALENT = "leading_talent", _("leading talent")
        SUPERVISOR = "supervisor", _("supervisor")
        ASSISTANT_SUPERVISOR = "assistant_supervisor", _("assistant supervisor")

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="qualifications", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=rules.SupervisorLevel.choices())
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-year"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self):
        return f"{self.get_level_display()}{self.get_kind_display()}"

    @property
    def municipal_or_higher(self):
        return rules.SupervisorLevel(self.level).municipal_or_higher


class PostQuerySet(models.QuerySet):
    def active_on(self, day):
        """Posts held on ``day``: started on or before it, not yet left (end is the day left)."""
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gt=day))


class Post(models.Model):
    """A person's post at a unit over a period; ``end`` is the date the person left."""

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="posts", verbose_name=_("person")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="posts", verbose_name=_("unit"))
    post = models.CharField(_("post"), max_length=24, choices=rules.Post.choices())
    full_time = models.BooleanField(
        _("full-time"),
        default=True,
        help_text=_("Off only for the head of a mixed-mode station, the one concurrent post (S4)."),
    )
    # S3: at a mixed-mode station the head is the director of the street's public service
    # office, and the operating supervisor is the contractor's head or project lead.
    office_director = models.BooleanField(
        _("director of the street's public service office"), default=False
    )
    contractor_lead = models.BooleanField(_("the contractor's head or project lead"), default=False)
    start = models.DateField(_("start"), validators=[validate_plausible_date])
    end = models.DateField(
        _("date left"), null=True, blank=True, validators=[validate_plausible_date]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "post", "start"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["unit", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="post_ends_after_start",
                violation_error_message=_("The date left must be after the start."),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_post_display()} · {self.unit}"

    def is_active_on(self, day):
        return self.start <= day and (self.end is None or self.end > day)

    def stint(self) -> rules.PostStint:
        return rules.PostStint(
            unit=self.unit.name,
            post=self.post,
            full_time=self.full_time,
            start=self.start,
            end=self.end,
            mode=self.unit.mode if self.unit.is_station else None,
        )

    def clean(self):
        super().clean()
        if not self.unit_id or not self.post:
            return
        if self.office_director and self.post != rules.Post.HEAD:
            raise ValidationError(
                {"office_director": _("Only the head's post can be the office director's.")}
            )
        if self.contractor_lead and self.post != rules.Post.OPERATING_SUPERVISOR:
            raise ValidationError(
                {
                    "contractor_lead": _(
                        "Only the operating supervisor can be the contractor's lead."
                    )
                }
            )
        workroom_post = self.post == rules.Post.WORKROOM_SOCIAL_WORKER
        if workroom_post == self.unit.is_station:
            raise ValidationError(
                {
                    "post": _("This post does not exist at a %(kind)s.")
                    % {"kind": self.unit.get_kind_display()}
                }
            )


class StaffAppraisal(models.Model):
    """The annual appraisal of a person (S6/S7 look at the latest finished one)."""

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="appraisals", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    grade = models.CharField(_("grade"), max_length=12, choices=rules.Grade.choices())
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-year"]
        verbose_name = _("staff appraisal")
        verbose_name_plural = _("staff appraisals")
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_appraisal_per_year"),
        ]

    def __str__(self):
        return f"{self.person} {self.year} {self.get_grade_display()}"
