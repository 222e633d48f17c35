"""The people list's search and filters (django-filter), over the user's visible people.

An ID number is never put in a URL (browser history, the logs of a proxy in front): the
search box is a POST form, and a search with digits in it is an ID-number search, kept in the
session under a keyed hash of the normalised number (HMAC with ``SECRET_KEY``, so a hash in a
log cannot be reversed by trying the few million plausible numbers). The list is then opened
at ``?idq=<hash>``, which means something only in the session that made it (30 minutes idle,
``SESSION_COOKIE_AGE``). A name search (no digits: a name contains none) stays ``?q=…``.
"""

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.access import is_district, visible_streets, visible_units
from shangcheng import rules
from shangcheng.forms import PortalFormMixin

from .models import Post
from .validators import normalise_id_number

ID_SEARCH = "idq"  # the query parameter naming a session-held ID-number search
_SESSION_KEY = "people_id_searches"
_KEPT = 20  # ID searches a session remembers (the back button, the pager)
_DIGIT = re.compile(r"\d")  # any script's digit: the normaliser makes them ASCII

CERTIFIED_CHOICES = [("yes", _("certified")), ("no", _("not certified"))]


class PeopleFilterForm(PortalFormMixin, forms.Form):
    pass


def _units(request):
    return visible_units(request.user).select_related("street", "community")


def _streets(request):
    return visible_streets(request.user)


class PeopleFilter(django_filters.FilterSet):
    """Expects ``queryset`` from ``visible_people`` annotated with ``certified``."""

    q = django_filters.CharFilter(label=_("name or full ID number"), method="search")
    street = django_filters.ModelChoiceFilter(
        label=_("roster street"), queryset=_streets, empty_label=_("all streets")
    )
    post = django_filters.ChoiceFilter(
        label=_("post held today"),
        choices=rules.Post.choices(),
        method="by_active_post",
        empty_label=_("any post"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("unit"), queryset=_units, method="by_active_post", empty_label=_("any unit")
    )
    certified = django_filters.ChoiceFilter(
        label=_("certificate valid today"),
        choices=CERTIFIED_CHOICES,
        method="by_certified",
        empty_label=_("any"),
    )

    class Meta:
        form = PeopleFilterForm
        fields = ["q", "street", "post", "unit", "certified"]

    def __init__(self, data=None, queryset=None, *, request, on, id_number=None):
        super().__init__(data, queryset, request=request)
        self.on = on
        # The session-held ID number of ``?idq=`` (``recall_id_search``); None: no ID search.
        self.id_number = id_number
        # Only the district looks across streets.
        if not is_district(request.user):
            del self.filters["street"]

    def search(self, queryset, name, value):
        """By name; a value with digits never gets here (``is_id_search``)."""
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset

    def by_active_post(self, queryset, name, value):
        # Post kind and unit filter together (filter_queryset): a post held today at the
        # unit, of the kind — not one post here and another there.
        return queryset

    def by_certified(self, queryset, name, value):
        return queryset.filter(certified=(value == "yes"))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.id_number is not None:
            # An ID number matches only whole, so the box cannot probe for partial numbers.
            queryset = queryset.filter(id_number=self.id_number)
        post = self.form.cleaned_data.get("post")
        unit = self.form.cleaned_data.get("unit")
        if post or unit:
            held = Post.objects.active_on(self.on).filter(person=OuterRef("pk"))
            if post:
                held = held.filter(post=post)
            if unit:
                held = held.filter(unit=unit)
            queryset = queryset.filter(Exists(held))
        return queryset


def is_id_search(value: str) -> bool:
    """A search with a digit in it looks for an ID number (a name has no digits)."""
    return bool(_DIGIT.search(value or ""))


def remember_id_search(session, value: str) -> str:
    """Keep the normalised ID number in the session; the keyed hash that names it."""
    number = normalise_id_number(value.strip())
    key = salted_hmac("staffing.filters.id_search", number).hexdigest()[:32]
    kept = {k: v for k, v in session.get(_SESSION_KEY, {}).items() if k != key}
    kept[key] = number
    session[_SESSION_KEY] = dict(list(kept.items())[-_KEPT:])
    return key


def recall_id_search(session, key: str) -> str | None:
    """The ID number a hash of ``remember_id_search`` stands for in this session, or None."""
    return session.get(_SESSION_KEY, {}).get(key)
