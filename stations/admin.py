from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .admin_closing import ClosedYearAdmin
from .models import (
    Community,
    ListItem,
    Recognition,
    School,
    SpecialStation,
    Street,
    Unit,
    YearClosure,
)


class CommunityInline(admin.TabularInline):
    model = Community
    extra = 0
    fields = ["code", "name"]
    show_change_link = True


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "pinyin"]
    search_fields = ["code", "name", "pinyin"]
    inlines = [CommunityInline]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "street"]
    list_filter = ["street"]
    list_select_related = ["street"]
    search_fields = ["code", "name", "street__name"]


@admin.register(Unit)
class UnitAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "street", "community", "mode", "uses_logo", "updated_at"]
    list_filter = ["kind", "mode", "street", "uses_logo", "signage_on_wall"]
    list_select_related = ["street", "community"]
    search_fields = ["name", "brand", "street__name", "community__name", "community__code"]
    autocomplete_fields = ["street", "community"]
    show_full_result_count = False


@admin.register(SpecialStation)
class SpecialStationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "field", "station"]
    list_select_related = ["station"]
    list_filter = ["station__street"]
    search_fields = ["name", "field", "station__name"]
    autocomplete_fields = ["station"]


@admin.register(ListItem)
class ListItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "list", "party", "unit"]
    list_filter = ["list", "party", "unit__kind", "unit__street"]
    list_select_related = ["unit"]
    search_fields = ["title", "detail", "unit__name"]
    autocomplete_fields = ["unit"]
    show_full_result_count = False


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "street"]
    list_filter = ["street"]
    list_select_related = ["street"]
    search_fields = ["name", "street__name"]
    autocomplete_fields = ["served_by"]


@admin.register(Recognition)
class RecognitionAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["unit", "level", "year", "title", "revoked_on"]
    list_filter = ["level", "year", "unit__kind", "unit__street"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "title"]
    autocomplete_fields = ["unit"]


@admin.register(YearClosure)
class YearClosureAdmin(admin.ModelAdmin):
    """Read-only: the district closes and reopens years on the portal (stations:years),
    which audits both acts."""

    list_display = ["year", "street", "closed_at", "closed_by", "reopened_at", "reopened_by"]
    list_filter = ["year", "street"]
    list_select_related = ["street", "closed_by", "reopened_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
