"""The one place that decides what a user may see and change.

Every view, export, import and task reaches business data through these helpers. A record
outside the user's scope raises ``Http404`` — never 403, which would confirm it exists.
Write access is narrower than read access: a supervisor reads the units linked to them but
changes none of their records; the auditor reads nothing but the audit log.
"""

from django.db.models import Q
from django.http import Http404

from stations.models import Community, Street, Unit

from .models import User

Role = User.Role

# Roles that may change unit records at all (a street clerk only within the street).
_WRITERS = {Role.DISTRICT, Role.STREET, Role.COMMUNITY}


def _one_or_404(queryset, **lookups):
    """The one record of an already scoped ``queryset`` matching ``lookups``, else 404."""
    try:
        return queryset.get(**lookups)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_streets(user):
    """Streets whose page the user may open."""
    if not user.is_authenticated:
        return Street.objects.none()
    if user.role == Role.DISTRICT:
        return Street.objects.all()
    if user.role == Role.STREET:
        return Street.objects.filter(pk=user.street_id)
    return Street.objects.none()


def writable_streets(user):
    """Streets whose own records (schools, roster imports) a user may change: the district
    any, a street clerk their own."""
    if user.is_authenticated and user.role in (Role.DISTRICT, Role.STREET):
        return visible_streets(user)
    return Street.objects.none()


def visible_communities(user):
    if not user.is_authenticated:
        return Community.objects.none()
    if user.role == Role.DISTRICT:
        return Community.objects.all()
    if user.role == Role.STREET:
        return Community.objects.filter(street_id=user.street_id)
    if user.role == Role.COMMUNITY:
        return Community.objects.filter(pk=user.community_id)
    return Community.objects.none()


def visible_units(user):
    """Stations and workrooms the user may read."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.role == Role.DISTRICT:
        return Unit.objects.all()
    if user.role == Role.STREET:
        return Unit.objects.filter(street_id=user.street_id)
    if user.role == Role.COMMUNITY:
        return Unit.objects.filter(kind=Unit.Kind.WORKROOM, community_id=user.community_id)
    # Supervisors see the units linked to them once supervision links exist (a later
    # issue); until then they see none. The auditor never sees business data.
    return Unit.objects.none()


def writable_units(user):
    if user.is_authenticated and user.role in _WRITERS:
        return visible_units(user)
    return Unit.objects.none()


def get_street_for_user(user, pk, *, write=False):
    streets = writable_streets(user) if write else visible_streets(user)
    return _one_or_404(streets, pk=pk)


def get_unit_for_user(user, pk, *, write=False):
    units = writable_units(user) if write else visible_units(user)
    return _one_or_404(units.select_related("street", "community"), pk=pk)


def can_write_unit(user, unit) -> bool:
    return writable_units(user).filter(pk=unit.pk).exists()


# People (staffing). A street clerk keeps the street's roster and sees anyone holding a post
# in the street; a community user sees the people of the workroom.


def visible_people(user):
    from staffing.models import Person

    if not user.is_authenticated:
        return Person.objects.none()
    if user.role == Role.DISTRICT:
        return Person.objects.all()
    if user.role in (Role.STREET, Role.COMMUNITY):
        posted = Person.objects.filter(posts__unit__in=visible_units(user)).values("pk")
        people = Q(pk__in=posted)
        if user.role == Role.STREET:
            people |= Q(street_id=user.street_id)
        return Person.objects.filter(people)
    return Person.objects.none()


def writable_people(user):
    """Only the roster's street (or the district) changes a person's record."""
    from staffing.models import Person

    if user.is_authenticated and user.role == Role.DISTRICT:
        return Person.objects.all()
    if user.is_authenticated and user.role == Role.STREET:
        return Person.objects.filter(street_id=user.street_id)
    return Person.objects.none()


def get_person_for_user(user, pk, *, write=False):

    people = writable_people(user) if write else visible_people(user)
    return _one_or_404(people.select_related("street"), pk=pk)


def staffing_units(user):
    """Units whose posts a user may assign and end: staff are kept by the street office
    (or the district); a community user keeps the workroom's profile, not its staff."""
    if user.is_authenticated and user.role in (Role.DISTRICT, Role.STREET):
        return visible_units(user)
    return Unit.objects.none()


def get_post_for_user(user, pk, *, write=False):
    """A post is reached through its unit's scope."""
    from staffing.models import Post

    units = staffing_units(user) if write else visible_units(user)
    return _one_or_404(Post.objects.select_related("person", "unit"), pk=pk, unit__in=units)


def may_unmask(user) -> bool:
    """Unmasking personal data is a permission (and every use of it is audited)."""
    return user.is_authenticated and user.has_perm("accounts.unmask_personal_data")


def get_roster_import_for_user(user, pk):
    """A roster import is reached through the streets the user may import into."""
    from staffing.models import RosterImport

    return _one_or_404(
        RosterImport.objects.select_related("street"), pk=pk, street__in=writable_streets(user)
    )


# A unit's sub-records: lists (L1), special stations (F9), schools (T4), recognitions (T1/T3).
# Each is reached through the scope of the unit or street it belongs to.


def get_station_for_user(user, pk, *, write=False):
    """A street station (not a workroom): special stations hang only from stations (F9)."""
    units = writable_units(user) if write else visible_units(user)
    return _one_or_404(units.stations().select_related("street"), pk=pk)


def get_list_item_for_user(user, pk, *, write=False):
    from stations.models import ListItem

    units = writable_units(user) if write else visible_units(user)
    return _one_or_404(ListItem.objects.select_related("unit"), pk=pk, unit__in=units)


def get_special_station_for_user(user, pk, *, write=False):
    from stations.models import SpecialStation

    units = writable_units(user) if write else visible_units(user)
    return _one_or_404(SpecialStation.objects.select_related("station"), pk=pk, station__in=units)


def can_write_street(user, street) -> bool:
    return writable_streets(user).filter(pk=street.pk).exists()


def get_school_for_user(user, pk, *, write=False):
    from stations.models import School

    streets = writable_streets(user) if write else visible_streets(user)
    return _one_or_404(School.objects.select_related("street"), pk=pk, street__in=streets)


def recognition_units(user):
    """Units a user may record or revoke a recognition for (T1/T3): the district's to grant."""
    if user.is_authenticated and user.role == Role.DISTRICT:
        return Unit.objects.all()
    return Unit.objects.none()


def may_record_recognitions(user) -> bool:
    return user.is_authenticated and user.role == Role.DISTRICT


def get_recognition_unit_for_user(user, pk):
    return _one_or_404(recognition_units(user).select_related("street"), pk=pk)


def get_recognition_for_user(user, pk, *, write=False):
    from stations.models import Recognition

    units = recognition_units(user) if write else visible_units(user)
    return _one_or_404(Recognition.objects.select_related("unit"), pk=pk, unit__in=units)
