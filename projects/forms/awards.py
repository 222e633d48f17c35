"""Forms of competition awards (G5) and practice bases (G4).

The award form's selects list only what fits the award's year (the projects running in it,
its case studies) and, for a person, the roster of one chosen street: a district holds too
many projects and people for one ``<select>``. Edit forms carry the record's ``version``.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.access import visible_streets
from shangcheng.forms import DateInput, PortalFormMixin, VersionedFormMixin, version_field

from ..access import visible_case_studies, visible_projects
from ..models import Award, PracticeBase

FIRST_YEAR, LAST_YEAR = 2022, 2100


def people_model():
    """The roster's ``Person``, reached through the award's relation (projects imports no
    staffing code)."""
    return Award._meta.get_field("person").related_model


def _int_or_none(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs
    )


class AwardYearFilterForm(PortalFormMixin, forms.Form):
    """The awards list's ``?year=``; empty: every year."""

    year = _year_field(required=False)


class AwardChoicesForm(PortalFormMixin, forms.Form):
    """GET: reload the award form with the choices of another year or street."""

    year = _year_field(required=False)
    street = forms.ModelChoiceField(
        label=gettext_lazy("person's roster street"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "choose_%s")
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = visible_streets(user)


class _ProjectChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


class _CaseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}（{obj.year} · {obj.unit.name}）"


class AwardForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    """G5: an award for exactly one project, case study or person (the service says so)."""

    street = forms.ModelChoiceField(
        label=gettext_lazy("person's roster street"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("The person is chosen on this street's roster."),
    )

    field_order = ["title", "level", "year", "project", "case_study", "street", "person"]

    class Meta:
        model = Award
        fields = ["title", "level", "year", "project", "case_study", "person"]
        field_classes = {"project": _ProjectChoice, "case_study": _CaseChoice}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = visible_streets(user)
        self.year, self.street_pk = year, street = self._chosen("year"), self._chosen("street")
        if not self.is_bound and street is not None:
            self.initial.setdefault("street", street)
        self.fields["year"].widget.attrs.update(min=FIRST_YEAR, max=LAST_YEAR)
        self.fields["project"].queryset = self._projects(user, year)
        self.fields["case_study"].queryset = self._cases(user, year)
        self.fields["person"].queryset = self._people(user, street)
        self.fields["project"].help_text = gettext_lazy("The projects running in the year.")
        self.fields["case_study"].help_text = gettext_lazy("The case studies of the year.")
        self.fields["project"].error_messages["invalid_choice"] = gettext_lazy(
            "Choose a project running in the award's year."
        )
        self.fields["case_study"].error_messages["invalid_choice"] = gettext_lazy(
            "Choose a case study of the award's year."
        )
        self.fields["person"].error_messages["invalid_choice"] = gettext_lazy(
            "Choose a person on the roster of the street chosen."
        )

    def _chosen(self, name):
        """The year or street the choices follow: the submitted one, else the initial one,
        else the record's."""
        if self.is_bound:
            value = self.data.get(name)
        else:
            value = self.initial.get(name)
            if value is None and name == "year":
                value = self.instance.year
            if value is None and name == "street" and self.instance.person_id:
                value = self.instance.person.street_id
        if name == "year":
            return _int_or_none(value)
        return self._street_pk(value)

    def _street_pk(self, value):
        """A street the user sees, checked by the field itself (a bad or huge number is no
        street, not an error of the database)."""
        if hasattr(value, "pk"):
            value = value.pk
        try:
            street = self.fields["street"].clean(value)
        except forms.ValidationError:
            return None
        return street.pk if street is not None else None

    def _keep_current(self, field: str) -> Q:
        """On an edit the record's own target stays a valid choice, whatever the year."""
        current = getattr(self.instance, f"{field}_id")
        return Q(pk=current) if current is not None else Q(pk__in=[])

    def _projects(self, user, year):
        running = Q(pk__in=[])
        if year is not None:
            running = Q(first_year__lte=year) & (Q(last_year__isnull=True) | Q(last_year__gte=year))
        projects = visible_projects(user).filter(running | self._keep_current("project"))
        return projects.select_related("unit").order_by("unit__street__code", "unit__name", "name")

    def _cases(self, user, year):
        of_year = Q(year=year) if year is not None else Q(pk__in=[])
        cases = visible_case_studies(user).filter(of_year | self._keep_current("case_study"))
        return cases.select_related("unit").order_by("unit__street__code", "unit__name", "title")

    def _people(self, user, street_pk):
        on_roster = Q(street_id=street_pk) if street_pk is not None else Q(pk__in=[])
        people = people_model().objects.filter(street__in=visible_streets(user))
        return people.filter(on_roster | self._keep_current("person")).order_by("name", "pk")

    def award_data(self) -> dict:
        """The cleaned fields the service takes (the street only narrows the choices)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "street"}


class PracticeBaseForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    """G4: the university and since when (not in the future, not before 2000: the service)."""

    class Meta:
        model = PracticeBase
        fields = ["university", "since"]
        widgets = {"since": DateInput}


class DeleteForm(forms.Form):
    """The confirmation of a delete: the version of the record the page was opened at."""

    version = version_field()

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = record.version
