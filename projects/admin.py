"""Admin for the system administrator; business users keep these on the portal's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from stations.admin_closing import ClosedYearAdmin

from .models import (
    Award,
    CaseStudy,
    Funding,
    PracticeBase,
    Project,
    Purchase,
    SiteBudget,
    StageRecord,
)


@admin.register(Project)
class ProjectAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["name", "unit", "category", "first_year", "last_year", "stage"]
    list_filter = ["category", "stage", "flagged_administrative"]
    list_select_related = ["unit"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit", "neighbour_workrooms"]
    show_full_result_count = False


@admin.register(StageRecord)
class StageRecordAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["project", "stage", "reached_on"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]


@admin.register(CaseStudy)
class CaseStudyAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "field"]
    list_filter = ["year"]
    list_select_related = ["unit"]
    search_fields = ["title"]
    raw_id_fields = ["unit"]


@admin.register(Funding)
class FundingAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["year", "street", "venture_fund"]
    list_filter = ["year"]
    list_select_related = ["street"]


@admin.register(Purchase)
class PurchaseAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["funding", "project", "amount"]
    list_select_related = ["funding__street", "project"]
    raw_id_fields = ["funding", "project"]


@admin.register(SiteBudget)
class SiteBudgetAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["unit", "year", "amount"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]


@admin.register(Award)
class AwardAdmin(ClosedYearAdmin, SimpleHistoryAdmin):
    list_display = ["title", "level", "year"]
    list_filter = ["level", "year"]
    raw_id_fields = ["project", "case_study", "person"]


@admin.register(PracticeBase)
class PracticeBaseAdmin(SimpleHistoryAdmin):
    list_display = ["station", "university", "since"]
    list_select_related = ["station"]
    raw_id_fields = ["station"]
