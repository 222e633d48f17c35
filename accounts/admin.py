from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditChainAnchor, AuditEvent, SubmissionToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "role", "street", "community", "is_active", "is_demo", "last_login"]
    list_filter = ["role", "is_active", "is_demo", "street"]
    list_select_related = ["street", "community"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["street", "community"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ["role", "street", "community", "is_demo"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ["at", "username", "role", "scope", "ip", "event", "object", "result"]
    list_filter = ["event", "result", "role"]
    search_fields = ["username", "object", "detail"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditChainAnchor)
class AuditChainAnchorAdmin(admin.ModelAdmin):
    """Read-only: where the audit chain starts after the retention purge."""

    list_display = ["last_id", "hash", "purged", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SubmissionToken)
class SubmissionTokenAdmin(admin.ModelAdmin):
    """Read-only: used one-time tokens of add forms (``accounts.submissions``)."""

    list_display = ["created_at", "user", "url"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
