"""The people list's search and filters (django-filter), over the user's visible people."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.access import is_district, visible_streets, visible_units
from shangcheng import rules
from shangcheng.forms import PortalFormMixin

from .models import Post
from .validators import normalise_id_number

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

    def __init__(self, data=None, queryset=None, *, request, on):
        super().__init__(data, queryset, request=request)
        self.on = on
        # Only the district looks across streets.
        if not is_district(request.user):
            del self.filters["street"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # An ID number matches only whole, so the box cannot probe for partial numbers.
        return queryset.filter(Q(name__icontains=value) | Q(id_number=normalise_id_number(value)))

    def by_active_post(self, queryset, name, value):
        # Post kind and unit filter together (filter_queryset): a post held today at the
        # unit, of the kind — not one post here and another there.
        return queryset

    def by_certified(self, queryset, name, value):
        return queryset.filter(certified=(value == "yes"))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
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
