"""Admin for the deployment's system administrator; personal data stays masked in lists."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from stations.admin_closing import ClosedYearAdmin, ClosedYearInline

from .masking import mask
from .models import (
    Attendance,
    Certificate,
    Person,
    Post,
    Qualification,
    RosterImport,
    StaffAppraisal,
    TrainingEvent,
)


class ReadOnlyPosts:
    """Posts are read-only in the admin: they are assigned and ended on the portal's own
    pages (``services.post_assign``), which refuse an S4 breach and audit the refusal, and
    never deleted (ending a post keeps its history)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PostInline(ReadOnlyPosts, admin.TabularInline):
    model = Post
    extra = 0
    fields = ["unit", "post", "full_time", "start", "end", "note"]
    show_change_link = True


class CertificateInline(ClosedYearInline, admin.TabularInline):
    model = Certificate
    extra = 0
    fields = ["level", "number", "issued_on", "expires_on"]


@admin.register(Person)
class PersonAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["name", "gender", "masked_id_number", "masked_mobile", "street"]
    list_filter = ["gender", "street"]
    list_select_related = ["street"]
    # An ID number matches only whole ("="): no probing for partial numbers.
    search_fields = ["name", "=id_number"]
    autocomplete_fields = ["street"]
    inlines = [PostInline, CertificateInline]
    show_full_result_count = False

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj):
        return mask(obj.id_number)

    @admin.display(description=_("mobile"))
    def masked_mobile(self, obj):
        return mask(obj.mobile)


@admin.register(Certificate)
class CertificateAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["person", "level", "number", "issued_on", "expires_on"]
    list_filter = ["level", "person__street"]
    list_select_related = ["person"]
    search_fields = ["number", "person__name"]
    autocomplete_fields = ["person"]
    show_full_result_count = False


@admin.register(Qualification)
class QualificationAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["person", "kind", "level", "year", "title"]
    list_filter = ["kind", "level", "year"]
    list_select_related = ["person"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person"]
    show_full_result_count = False


@admin.register(Post)
class PostAdmin(ReadOnlyPosts, SimpleHistoryAdmin):
    list_display = ["person", "unit", "post", "full_time", "start", "end"]
    list_filter = ["post", "full_time", "unit__kind", "unit__street"]
    list_select_related = ["person", "unit"]
    search_fields = ["person__name", "unit__name"]
    autocomplete_fields = ["person", "unit"]
    date_hierarchy = "start"
    show_full_result_count = False


@admin.register(StaffAppraisal)
class StaffAppraisalAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["person", "year", "grade"]
    list_filter = ["year", "grade"]
    list_select_related = ["person"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]
    show_full_result_count = False


class AttendanceInline(ClosedYearInline, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["held_on", "title", "kind", "level", "street"]
    list_filter = ["kind", "level", "street"]
    list_select_related = ["street"]
    search_fields = ["title"]
    autocomplete_fields = ["street"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(ClosedYearAdmin, admin.ModelAdmin):
    list_display = ["person", "event"]
    list_filter = ["event__level", "event__kind"]
    list_select_related = ["person", "event"]
    search_fields = ["person__name", "event__title"]
    autocomplete_fields = ["person", "event"]
    show_full_result_count = False


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    """Read-only record of roster imports; the uploaded file (personal data) is not shown."""

    list_display = [
        "created_at",
        "street",
        "uploaded_by",
        "file_name",
        "status",
        "rows",
        "creates",
        "updates",
        "errors",
        "applied_at",
    ]
    list_filter = ["status", "street"]
    list_select_related = ["street", "uploaded_by"]
    search_fields = ["file_name", "uploaded_by__username"]
    exclude = ["content"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
