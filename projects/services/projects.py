"""Writes to a unit's projects: add, edit, delete (P1/P2 categories, L3 focus areas, P3
declaration, G3 purchase domain), the C1 stage cycle (advance one stage, or the district's
override that skips stages with a reason) and the district's P3 flag.

Every write validates the whole record before it saves, runs in one transaction and is
audited; a refusal is a ``ValidationError`` with a code (and the field it concerns).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AuditEvent
from shangcheng import rules
from shangcheng.versioning import lock_versioned, refusing_races, save_versioned
from stations.models import Unit

from ..access import may_override_stages
from ..models import Project, StageRecord


class PurchaseDomain(models.TextChoices):
    """G3: the domains of a government purchase of service that go preferably to stations."""

    WOMEN = "women", gettext_lazy("women")
    CHILDREN = "children", gettext_lazy("children")
    ELDERLY = "elderly", gettext_lazy("elderly care")
    PREFERENTIAL_CARE = "preferential_care", gettext_lazy("preferential care")
    CHARITY = "charity", gettext_lazy("charity")
    COMMUNITY_GOVERNANCE = "community_governance", gettext_lazy("community governance")


# The categories that make a unit's brand (L2), whose team neighbouring workrooms may join
# (P2: 鼓励相邻社区持证社工组团).
BRAND_CATEGORIES = frozenset(
    {rules.ProjectCategory.BRAND_SERVICE, rules.ProjectCategory.BRAND_GOVERNANCE}
)
STAGES = list(rules.ProjectStage)

# What the edit form may change; the unit and the stage never change there.
EDITABLE_FIELDS = frozenset(
    {
        "name",
        "category",
        "first_year",
        "last_year",
        "focus_areas",
        "partners",
        "budget",
        "source",
        "purchase_domain",
        "declared_non_administrative",
    }
)


def _refusal(field: str, message, code: str) -> ValidationError:
    """A refusal naming ``field``, with a ``code`` the tests and callers can tell apart."""
    return ValidationError({field: ValidationError(message, code=code)})


def _audit(event: str, *, actor, ip, project, detail: str) -> None:
    AuditEvent.objects.record(event=event, actor=actor, ip=ip, obj=project, detail=detail)


def _check_category(unit: Unit, category: str) -> None:
    if category not in rules.project_categories(unit.kind):
        raise _refusal(
            "category", _("This category is not one of this unit's (P1/P2)."), "category"
        )


def _check_focus_areas(focus_areas) -> list[str]:
    areas = list(dict.fromkeys(focus_areas or ()))
    if any(area not in rules.FOCUS_AREAS for area in areas):
        raise _refusal("focus_areas", _("Unknown focus area (L3)."), "focus_area")
    return areas


def _check_purchase(source: str, purchase_domain: str) -> None:
    """G3: a purchase of service names its domain; other sources have none."""
    if source == Project.Source.PURCHASE and not purchase_domain:
        raise _refusal(
            "purchase_domain",
            _("A purchase of service names its domain (G3)."),
            "purchase_domain_required",
        )
    if purchase_domain and source != Project.Source.PURCHASE:
        raise _refusal(
            "purchase_domain",
            _("Only a purchase of service has a purchase domain."),
            "purchase_domain_not_purchase",
        )
    if purchase_domain and purchase_domain not in PurchaseDomain.values:
        raise _refusal("purchase_domain", _("Unknown purchase domain."), "purchase_domain")


def _check_neighbours(unit: Unit, category: str, neighbours) -> list[Unit]:
    """P2: workrooms of the unit's street (not the unit itself) join a brand project."""
    neighbours = list(neighbours or ())
    if not neighbours:
        return neighbours
    if category not in BRAND_CATEGORIES:
        raise _refusal(
            "neighbour_workrooms",
            _("Only a brand project records neighbouring workrooms."),
            "neighbours_not_brand",
        )
    if any(
        n.kind != Unit.Kind.WORKROOM or n.street_id != unit.street_id or n.pk == unit.pk
        for n in neighbours
    ):
        raise _refusal(
            "neighbour_workrooms",
            _("Only other workrooms of the same street can join this project."),
            "neighbours_street",
        )
    return neighbours


def _duplicate_name() -> ValidationError:
    return _refusal(
        "name",
        _("This unit already has a project of this name from this year."),
        "duplicate",
    )


def _check_name(unit: Unit, name: str, first_year: int, *, exclude_pk=None) -> None:
    """One project of a name per unit and first year (``one_project_name_per_unit_year``).

    The unit row is locked first, so two saves of the same name for one unit run one after
    the other and the second is refused here; ``refusing_races`` covers the rest."""
    Unit.objects.select_for_update().filter(pk=unit.pk).order_by("pk").first()
    same = Project.objects.filter(unit=unit, name=name, first_year=first_year)
    if same.exclude(pk=exclude_pk).exists():
        raise _duplicate_name()


def _check_day(reached_on: date, *, after: date | None = None) -> None:
    if reached_on > timezone.localdate():
        raise _refusal("reached_on", _("The date cannot be in the future."), "future")
    if after is not None and reached_on < after:
        raise _refusal(
            "reached_on",
            _("The date cannot be before the previous stage (%(date)s).")
            % {"date": after.isoformat()},
            "before_previous",
        )


def _check_evidence(evidence: str) -> str:
    evidence = (evidence or "").strip()
    if not evidence:
        raise _refusal("evidence", _("Give the evidence."), "evidence")
    return evidence


def _project_data(*, unit, category, focus_areas, source, purchase_domain, **fields) -> dict:
    _check_category(unit, category)
    _check_purchase(source, purchase_domain)
    return {
        **fields,
        "category": category,
        "focus_areas": _check_focus_areas(focus_areas),
        "source": source,
        "purchase_domain": purchase_domain,
    }


@transaction.atomic
def project_add(
    *,
    unit: Unit,
    actor,
    ip: str | None = None,
    name: str,
    category: str,
    first_year: int,
    last_year: int | None = None,
    focus_areas=(),
    partners: str = "",
    neighbour_workrooms=(),
    budget=None,
    source: str = "",
    purchase_domain: str = "",
    declared_non_administrative: bool = False,
    reached_on: date,
    evidence: str,
) -> Project:
    """A new project of ``unit``; it starts at 调研 (C1) with its evidence."""
    data = _project_data(
        unit=unit,
        category=category,
        focus_areas=focus_areas,
        source=source,
        purchase_domain=purchase_domain,
        name=name,
        first_year=first_year,
        last_year=last_year,
        partners=partners,
        budget=budget,
        declared_non_administrative=declared_non_administrative,
    )
    neighbours = _check_neighbours(unit, category, neighbour_workrooms)
    _check_day(reached_on)
    evidence = _check_evidence(evidence)
    _check_name(unit, name, first_year)
    project = Project(unit=unit, stage=rules.ProjectStage.RESEARCH, **data)
    with refusing_races(_duplicate_name):
        project.full_clean()
        project.save()
    project.neighbour_workrooms.set(neighbours)
    record = StageRecord(
        project=project, stage=rules.ProjectStage.RESEARCH, reached_on=reached_on, evidence=evidence
    )
    record.full_clean()
    record.save()
    _audit("project_add", actor=actor, ip=ip, project=project, detail=f"{unit} · {category}")
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    version: int,
    actor,
    ip: str | None = None,
    name: str,
    category: str,
    first_year: int,
    last_year: int | None = None,
    focus_areas=(),
    partners: str = "",
    neighbour_workrooms=None,
    budget=None,
    source: str = "",
    purchase_domain: str = "",
    declared_non_administrative: bool = False,
) -> Project:
    """Save the edited fields unless someone saved the project since ``version``.
    ``neighbour_workrooms=None`` leaves them as they are (a form that does not show them)."""
    unit = project.unit
    data = _project_data(
        unit=unit,
        category=category,
        focus_areas=focus_areas,
        source=source,
        purchase_domain=purchase_domain,
        name=name,
        first_year=first_year,
        last_year=last_year,
        partners=partners,
        budget=budget,
        declared_non_administrative=declared_non_administrative,
    )
    neighbours = None
    if neighbour_workrooms is not None:
        neighbours = _check_neighbours(unit, category, neighbour_workrooms)
    _check_name(unit, name, first_year, exclude_pk=project.pk)
    with refusing_races(_duplicate_name):
        project = save_versioned(
            Project, pk=project.pk, version=version, data=data, fields=EDITABLE_FIELDS
        )
    if neighbours is not None:
        project.neighbour_workrooms.set(neighbours)  # under the same lock and version
    _audit("project_update", actor=actor, ip=ip, project=project, detail=f"v{project.version}")
    return project


@transaction.atomic
def project_delete(*, project: Project, version: int, actor, ip: str | None = None) -> None:
    """Delete a project that no purchase (G2) and no award (G5) refers to."""
    current = lock_versioned(Project, pk=project.pk, version=version)
    if current.purchases.exists() or current.awards.exists():
        raise ValidationError(
            _(
                "This project has purchases or awards; it cannot be deleted. "
                "Set its last year instead."
            ),
            code="protected",
        )
    detail = f"{current.unit} · {current.category}"
    _audit("project_delete", actor=actor, ip=ip, project=current, detail=detail)
    current.delete()


def later_stages(stage: str) -> list[rules.ProjectStage]:
    """The C1 stages after ``stage``: those an override may set."""
    return STAGES[STAGES.index(rules.ProjectStage(stage)) + 1 :]


@transaction.atomic
def project_advance(
    *,
    project: Project,
    expected_stage: str,
    reached_on: date,
    evidence: str,
    actor,
    ip: str | None = None,
    to_stage: str | None = None,
    override: bool = False,
    reason: str = "",
) -> StageRecord:
    """C1: move the project to its next stage, with the day and the evidence.

    Only the district may skip stages (``override=True``, with a reason, audited as
    ``project_stage_override``). The project row is locked and its stage compared with
    ``expected_stage`` (the stage the form was opened at), so a second submit of the same
    form, or a form opened before someone else's advance, is refused and writes nothing.
    """
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.stage != expected_stage:
        raise ValidationError(
            _(
                "The project's stage changed after this form was opened (now %(stage)s); "
                "reload the page."
            )
            % {"stage": current.get_stage_display()},
            code="stale",
        )
    following = rules.next_stage(current.stage)
    if following is None:
        raise ValidationError(
            _("The project is at its last stage (sustained operation); there is no next stage."),
            code="last_stage",
        )
    target = following if to_stage is None else to_stage
    if target not in later_stages(current.stage):
        raise _refusal("to_stage", _("The new stage must come after the current one."), "not_later")
    reason = (reason or "").strip()
    if target != following:
        if not (override and may_override_stages(actor)):
            raise _refusal(
                "to_stage",
                _("Stages are reached one at a time; only the district may skip."),
                "skip",
            )
        if not reason:
            raise _refusal("reason", _("Give the reason for skipping a stage."), "reason")
    elif override and not may_override_stages(actor):
        raise ValidationError(_("Only the district may override stages."), code="not_allowed")
    previous = current.stage_records.order_by("-reached_on").first()
    _check_day(reached_on, after=previous.reached_on if previous else None)
    record = StageRecord(
        project=current,
        stage=target,
        reached_on=reached_on,
        evidence=_check_evidence(evidence),
        override_reason=reason if override else "",
    )
    record.full_clean()  # also refuses a second record of one stage (one_record_per_stage)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(
            _("This stage was recorded a moment ago; reload the page."), code="race"
        ) from None
    before = current.stage
    current.stage = target
    current.save(update_fields=["stage"])
    event = "project_stage_override" if override else "project_stage"
    detail = f"{before}→{target} on {reached_on.isoformat()}"
    if override:
        detail += f": {reason}"
    _audit(event, actor=actor, ip=ip, project=current, detail=detail)
    return record


@transaction.atomic
def project_flag(
    *, project: Project, flagged: bool, reason: str, actor, ip: str | None = None
) -> Project:
    """P3: the district flags a project as the street's administrative affairs (a
    violation), or clears the flag, with its reason."""
    if not may_override_stages(actor):
        raise ValidationError(_("Only the district reviews projects (P3)."), code="not_allowed")
    reason = (reason or "").strip()
    if not reason:
        raise _refusal("reason", _("Give the reason."), "reason")
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.flagged_administrative == flagged:
        message = (
            _("The project is already flagged administrative.")
            if flagged
            else _("The project is not flagged.")
        )
        raise ValidationError(message, code="unchanged")
    current.flagged_administrative = flagged
    current.full_clean()
    current.save(update_fields=["flagged_administrative"])
    detail = f"{'set' if flagged else 'clear'}: {reason}"
    _audit("project_flag", actor=actor, ip=ip, project=current, detail=detail)
    return current
