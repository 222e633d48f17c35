"""Who may reach which people, posts and roster imports, built on ``accounts.access`` scope.

A street clerk keeps the street's roster and sees anyone holding a post in the street; a
community user sees the people of the workroom; the district sees and keeps everyone. Staff
are kept by the street office (or the district), never by a community user.
"""

from django.db.models import Q

from accounts.access import (
    get_in_scope,
    is_district,
    is_street_clerk,
    keeps_street_records,
    keeps_unit_records,
    one_or_404,
    street_units,
    visible_units,
    writable_streets,
)
from accounts.access import may_unmask as may_unmask  # re-exported: the person page asks here

from .models import Person, Post, RosterImport


def may_list_people(user) -> bool:
    """The people list: the district, street clerks and community users."""
    return keeps_unit_records(user)


def may_keep_staff(user) -> bool:
    """Create people, assign posts and import rosters: the district and street clerks."""
    return keeps_street_records(user)


def may_see_tenure(user) -> bool:
    """任职待遇 (S6/S7) decides pay: the district's page."""
    return is_district(user)


def visible_people(user):
    if is_district(user):
        return Person.objects.all()
    if not may_list_people(user):
        return Person.objects.none()
    posted = Person.objects.filter(posts__unit__in=visible_units(user)).values("pk")
    people = Q(pk__in=posted)
    if is_street_clerk(user):
        people |= Q(street_id=user.street_id)
    return Person.objects.filter(people)


def writable_people(user):
    """Only the roster's street (or the district) changes a person's record."""
    if is_district(user):
        return Person.objects.all()
    if is_street_clerk(user):
        return Person.objects.filter(street_id=user.street_id)
    return Person.objects.none()


def get_person_for_user(user, pk, *, write=False):
    people = writable_people(user) if write else visible_people(user)
    return one_or_404(people.select_related("street"), pk=pk)


def staffing_units(user):
    """Units whose posts a user may assign and end."""
    return street_units(user)


def get_post_for_user(user, pk, *, write=False):
    """A post is reached through its unit's scope."""
    units = staffing_units(user) if write else visible_units(user)
    return get_in_scope(Post.objects.select_related("person", "unit"), pk, via="unit", scope=units)


def get_roster_import_for_user(user, pk):
    """A roster import is reached through the streets the user may import into."""
    imports = RosterImport.objects.select_related("street")
    return get_in_scope(imports, pk, via="street", scope=writable_streets(user))
