"""Scope itself: which streets and units a user may read and change, and who may open a page.

Every view, export, import and task reaches business data through these helpers or an app's
``access.py`` built on them. A record outside the user's scope raises ``Http404`` — never 403,
which would confirm it exists. Write access is narrower than read access: a supervisor reads
the units linked to them but changes none of their records; the auditor reads nothing but the
audit log. This is the only module that compares a user's role.
"""

from functools import wraps

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from stations.models import Community, Street, Unit

from .models import User

Role = User.Role


# Roles. Page-level rules are predicates on a user; views use ``role_required`` and the
# navigation is built from the same predicates, so "who may open X" is written once.


def _has_role(user, *roles) -> bool:
    return user.is_authenticated and user.role in roles


def is_district(user) -> bool:
    return _has_role(user, Role.DISTRICT)


def is_street_clerk(user) -> bool:
    return _has_role(user, Role.STREET)


def is_community_user(user) -> bool:
    return _has_role(user, Role.COMMUNITY)


def is_supervisor(user) -> bool:
    return _has_role(user, Role.SUPERVISOR)


def is_auditor(user) -> bool:
    return _has_role(user, Role.AUDITOR)


def needs_second_factor(user) -> bool:
    """With REQUIRE_2FA, the roles that see everything or the audit log verify a TOTP code."""
    return is_district(user) or is_auditor(user)


def is_system_administrator(user) -> bool:
    """The deployment's superuser holds no business role (三员 separation)."""
    return user.is_authenticated and user.is_superuser and not user.role


def keeps_unit_records(user) -> bool:
    """Roles that may change unit records at all (a street clerk only within the street)."""
    return _has_role(user, Role.DISTRICT, Role.STREET, Role.COMMUNITY)


def keeps_street_records(user) -> bool:
    """Roles that keep a street's own records (schools, staff, roster imports)."""
    return _has_role(user, Role.DISTRICT, Role.STREET)


def reads_business_data(user) -> bool:
    """Everyone but the auditor, who reads the audit log and nothing else (三员)."""
    return user.is_authenticated and not is_auditor(user)


def role_required(predicate):
    """A view only users satisfying ``predicate`` may open; anyone else gets 404 (not 403:
    the page does not exist for them)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Scope: streets, communities, units.


def one_or_404(queryset, **lookups):
    """The one record of an already scoped ``queryset`` matching ``lookups``, else 404."""
    try:
        return queryset.get(**lookups)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_in_scope(queryset, pk, *, via: str, scope):
    """The record ``pk`` of ``queryset`` reached through its unit or street ``via`` (a field
    path such as ``"unit"`` or ``"person__street"``) that lies in ``scope`` (a queryset of
    units or streets from this module); else 404. Every app's fetchers are built on it."""
    return one_or_404(queryset, pk=pk, **{f"{via}__in": scope})


def visible_streets(user):
    """Streets whose page the user may open."""
    if is_district(user):
        return Street.objects.all()
    if is_street_clerk(user):
        return Street.objects.filter(pk=user.street_id)
    return Street.objects.none()


def writable_streets(user):
    """Streets whose own records (schools, roster imports) a user may change: the district
    any, a street clerk their own."""
    return visible_streets(user) if keeps_street_records(user) else Street.objects.none()


def visible_communities(user):
    if is_district(user):
        return Community.objects.all()
    if is_street_clerk(user):
        return Community.objects.filter(street_id=user.street_id)
    if is_community_user(user):
        return Community.objects.filter(pk=user.community_id)
    return Community.objects.none()


def visible_units(user):
    """Stations and workrooms the user may read."""
    if is_district(user):
        return Unit.objects.all()
    if is_street_clerk(user):
        return Unit.objects.filter(street_id=user.street_id)
    if is_community_user(user):
        return Unit.objects.workrooms().filter(community_id=user.community_id)
    if is_supervisor(user):
        return supervised_units(user, timezone.localdate())
    # The auditor never sees business data.
    return Unit.objects.none()


def supervised_units(user, on):
    """The units a supervisor is assigned to on ``on`` (V6 links of the supervision app,
    reached by their relation names: accounts imports no app above the organisation tree).
    One condition on one join, so start, end and supervisor belong to the same link."""
    if not is_supervisor(user):
        return Unit.objects.none()
    linked = Q(supervision_assignments__supervisor__user_id=user.pk) & Q(
        supervision_assignments__start__lte=on
    )
    current = Q(supervision_assignments__end__isnull=True) | Q(supervision_assignments__end__gt=on)
    return Unit.objects.filter(pk__in=Unit.objects.filter(linked & current).values("pk"))


def writable_units(user):
    return visible_units(user) if keeps_unit_records(user) else Unit.objects.none()


def street_units(user):
    """Units whose street-kept records (staff) a user may change: the street office's (or
    the district's); a community user keeps the workroom's profile, not its staff."""
    return visible_units(user) if keeps_street_records(user) else Unit.objects.none()


def units_for(user, *, write: bool):
    return writable_units(user) if write else visible_units(user)


def streets_for(user, *, write: bool):
    return writable_streets(user) if write else visible_streets(user)


def get_street_for_user(user, pk, *, write=False):
    return one_or_404(streets_for(user, write=write), pk=pk)


def get_unit_for_user(user, pk, *, write=False):
    return one_or_404(units_for(user, write=write).select_related("street", "community"), pk=pk)


def can_write_unit(user, unit) -> bool:
    return writable_units(user).filter(pk=unit.pk).exists()


def can_write_street(user, street) -> bool:
    return writable_streets(user).filter(pk=street.pk).exists()


def may_unmask(user) -> bool:
    """Unmasking personal data is a permission (and every use of it is audited)."""
    return user.is_authenticated and user.has_perm("accounts.unmask_personal_data")
