"""Admin for the system administrator. Evaluations and appraisals change only through their
workflow (review, year-end job, finalising), so they are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from stations.admin_closing import ClosedYearAdmin

from .models import (
    Agreement,
    AnnualAppraisal,
    Assignment,
    DistrictParameters,
    Engagement,
    EvaluationEvent,
    EvaluationFile,
    MonthlyEvaluation,
    Supervisor,
)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Supervisor)
class SupervisorAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["person", "type", "level", "full_time", "project_level", "user"]
    list_filter = ["type", "level", "full_time"]
    list_select_related = ["person", "user"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["user"]


@admin.register(Engagement)
class EngagementAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["supervisor", "start", "end"]
    list_select_related = ["supervisor__person"]
    raw_id_fields = ["supervisor"]


@admin.register(Agreement)
class AgreementAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["engagement", "start", "end"]
    list_select_related = ["engagement__supervisor__person"]
    raw_id_fields = ["engagement"]


@admin.register(Assignment)
class AssignmentAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["supervisor", "unit", "start", "end", "core"]
    list_filter = ["core"]
    list_select_related = ["supervisor__person", "unit"]
    raw_id_fields = ["supervisor", "unit"]
    show_full_result_count = False


@admin.register(DistrictParameters)
class DistrictParametersAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["year", "monthly_fee", "excellent", "qualified", "basic"]


@admin.register(MonthlyEvaluation)
class MonthlyEvaluationAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["month", "supervisor", "unit", "status", "late"]
    list_filter = ["status", "late"]
    list_select_related = ["supervisor__person", "unit"]
    show_full_result_count = False


@admin.register(EvaluationEvent)
class EvaluationEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["evaluation", "action", "actor", "at"]
    list_select_related = ["evaluation__unit", "evaluation__supervisor__person", "actor"]
    show_full_result_count = False


@admin.register(EvaluationFile)
class EvaluationFileAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "evaluation", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["evaluation__unit", "evaluation__supervisor__person", "uploaded_by"]
    # No link to the stored file: files are downloaded through the portal only (audited).
    readonly_fields = ["evaluation", "name", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]
    show_full_result_count = False


@admin.register(AnnualAppraisal)
class AnnualAppraisalAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["year", "supervisor", "total", "grade", "status"]
    list_filter = ["year", "grade", "status"]
    list_select_related = ["supervisor__person"]
