"""A station's projects in the browser: the street clerk adds a project, advances it one
stage with its evidence and attaches a case study; the district reads the G2 page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import AuditEvent, User
from projects.models import CaseStudy, Project

from .conftest import needs_chromium
from .helpers import log_in, make_user

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]


def test_a_clerk_runs_a_project_through_a_stage_and_files_a_case_study(
    page, live_server, console, shot, tree, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("clerk_p", role=User.Role.STREET, street=tree["qingbo"])
    station = tree["station"]
    today = timezone.localdate()
    log_in(page, live_server, "clerk_p")

    page.goto(f"{live_server.url}/projects/units/{station.pk}/projects/")
    page.get_by_role("link", name="新增项目").click()
    page.get_by_label("名称").fill("红色引擎·党建领航")
    page.get_by_label("类别").select_option(label="党建统领核心项目")
    page.get_by_label("起始年度").fill(str(today.year))
    page.get_by_label("调研开始日期").fill(today.isoformat())
    page.get_by_label("调研佐证材料").fill("需求调研报告")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="红色引擎·党建领航")).to_be_visible()
    shot("project")

    page.get_by_role("link", name="推进到“策划”").click()
    page.get_by_label("达到日期").fill(today.isoformat())
    page.get_by_label("佐证材料").fill("项目策划书及评审意见")
    page.get_by_role("button", name="策划").click()
    project = Project.objects.get()
    assert project.stage == "planning"
    assert AuditEvent.objects.filter(event="project_stage", username="clerk_p").exists()

    page.goto(f"{live_server.url}/projects/units/{station.pk}/cases/add/")
    page.get_by_label("名称").fill("独居老人从封闭到参与的个案")
    pdf = tmp_path / "个案.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% a case study\n")
    page.get_by_label("文档").set_input_files(str(pdf))
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("独居老人从封闭到参与的个案")).to_be_visible()
    case = CaseStudy.objects.get()
    assert case.file_name == "个案.pdf" and case.file.name.startswith(f"cases/{case.year}/")
    shot("cases")
    assert console.csp_violations() == []


def test_the_district_sees_every_streets_funding_floor(page, live_server, console, tree):
    make_user("district_p", role=User.Role.DISTRICT)
    log_in(page, live_server, "district_p")
    page.get_by_role("button", name="项目与经费").click()
    page.get_by_role("link", name=re.compile("经费比例")).click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)  # the district and its two streets, none recorded
    expect(page.get_by_text("未登记").first).to_be_visible()
    assert console.csp_violations() == []
