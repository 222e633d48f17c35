from django.contrib import admin

from .models import ReportRun, UnitFinding


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Job records are written by the jobs; the admin only reads them."""

    list_display = ["created_at", "kind", "status", "done", "total", "started_by"]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(UnitFinding)
class UnitFindingAdmin(admin.ModelAdmin):
    """Findings kept as rows are computed (``shangcheng.findings``); the admin only reads."""

    list_display = ["unit", "rule", "clause", "severity", "computed_at"]
    list_filter = ["severity", "rule"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
