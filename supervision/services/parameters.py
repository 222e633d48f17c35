"""The district's yearly supervision parameters (V4 weights and thresholds, V5 fee, the
filing deadline): one row per year, written only here and audited."""

from django.db import IntegrityError, transaction

from accounts.models import AuditEvent, User

from ..models import DistrictParameters

FIELDS = (
    "monthly_fee",
    "weight_ability",
    "weight_quality",
    "weight_results",
    "weight_conduct",
    "excellent",
    "qualified",
    "basic",
    "filing_deadline_day",
)


@transaction.atomic
def parameters_save(*, year: int, data: dict, actor: User, ip: str | None = None):
    """Create or change the parameters of ``year``; ValidationError (nothing written) when
    the weights do not add up to 100 or the thresholds do not rise."""
    params = DistrictParameters.objects.select_for_update().filter(year=year).first()
    params = params or DistrictParameters(year=year)
    before = {f: getattr(params, f) for f in FIELDS} if params.pk else {}
    for field in FIELDS:
        setattr(params, field, data[field])
    params.full_clean()
    try:
        with transaction.atomic():
            params.save()
    except IntegrityError:  # two first saves of the same year at once: the other one won
        params = DistrictParameters.objects.get(year=year)
        for field in FIELDS:
            setattr(params, field, data[field])
        params.full_clean()
        params.save()
    changed = {f: data[f] for f in FIELDS if before.get(f) != data[f]}
    AuditEvent.objects.record(
        event="parameters_change", actor=actor, ip=ip, obj=f"{year}", detail=str(changed)
    )
    return params
