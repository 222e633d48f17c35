"""The admin's side of a closed year (``stations.models.closing``): no 500, nothing written.

``ClosedYearAdmin`` (for a registered model's ``ModelAdmin``) shows a record of a closed
year read-only and offers no deletion; a save that would move a record into a closed year,
or add one there, is refused as a form error naming the year; a bulk deletion that would
reach a closed year's record (itself or by cascade) is refused. ``ClosedYearInline`` does the
same for the rows of an inline.
"""

from django.contrib.admin.utils import NestedObjects
from django.db import router

from stations.models.closing import ClosedYear, record_closed_year


def _closed_form(form_class):
    """``form_class`` whose validation refuses a changed record of a closed year."""

    class ClosedYearForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            if self.errors or not self.has_changed():
                return
            year = record_closed_year(self.instance)
            if year is not None:
                self.add_error(None, ClosedYear(year))

    ClosedYearForm.__name__ = form_class.__name__
    return ClosedYearForm


def _closed_among(objs) -> int | None:
    """The first closed year of ``objs`` or of anything deleting them would delete."""
    objs = list(objs)
    if not objs:
        return None
    collector = NestedObjects(using=router.db_for_write(objs[0].__class__))
    collector.collect(objs)
    years = [
        record_closed_year(record, deleting=True)
        for records in collector.data.values()
        for record in records
    ]
    years = [year for year in years if year is not None]
    return min(years) if years else None


class ClosedYearAdmin:
    def has_change_permission(self, request, obj=None):
        if obj is not None and record_closed_year(obj, deleting=True) is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _closed_among([obj]) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _closed_form(super().get_form(request, obj, change=change, **kwargs))

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        year = _closed_among(objs)
        if year is not None:
            # The deletion page lists this as what stops it; a POST is refused (403).
            perms_needed = {*perms_needed, ClosedYear(year).messages[0]}
        return deleted, counts, perms_needed, protected


class ClosedYearInline:
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class ClosedYearFormSet(formset):
            form = _closed_form(formset.form)

            def clean(self):
                super().clean()
                for form in self.deleted_forms:
                    year = _closed_among([form.instance]) if form.instance.pk else None
                    if year is not None:
                        raise ClosedYear(year)

        return ClosedYearFormSet
