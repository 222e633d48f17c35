"""A month of supervision in the browser: the supervisor files, the district returns it
with a comment, the supervisor resubmits, the district approves, and the fee appears."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from supervision.models import DistrictParameters, MonthlyEvaluation
from tests.supervision.factories import AssignmentFactory, EngagementFactory, SupervisorFactory

from .conftest import needs_chromium
from .helpers import log_in, make_user

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]


def test_an_evaluation_goes_round_the_review_and_earns_the_fee(
    page, live_server, console, shot, tree
):
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    mentor = make_user("mentor_b", role=User.Role.SUPERVISOR)
    make_user("district_r", role=User.Role.DISTRICT)
    supervisor = SupervisorFactory(
        user=mentor,
        person__street=tree["qingbo"],
        person__name="督导丙",
        full_time=True,
        project_level="district",
    )
    EngagementFactory(supervisor=supervisor, start=date(2022, 1, 1), end=None)
    AssignmentFactory(supervisor=supervisor, unit=tree["workroom"], start=date(2022, 1, 1))
    DistrictParameters.objects.create(year=last_month.year, monthly_fee=Decimal("1200.00"))

    # The supervisor files last month's evaluation and submits it.
    log_in(page, live_server, "mentor_b")
    unit = tree["workroom"].pk
    page.goto(
        f"{live_server.url}/supervision/evaluations/new/?unit={unit}&month={last_month:%Y-%m}"
    )
    page.get_by_label("督导次数").fill("3")
    page.get_by_label("督导时长（小时）").fill("6")
    page.get_by_label("对站（室）的评分").fill("85")
    page.get_by_label("对社工的评分").fill("88")
    page.get_by_label("督导主题").fill("个案会商与服务记录规范")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交区民政局审核").click()
    expect(page.get_by_text("已提交区民政局审核")).to_be_visible()
    shot("submitted")
    evaluation = MonthlyEvaluation.objects.get()
    page.get_by_role("button", name=re.compile("退出|登出|Log out")).click()

    # The district returns it with a comment.
    log_in(page, live_server, "district_r")
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    page.get_by_label("需修改之处").fill("请补充督导中发现的问题")
    page.get_by_role("button", name="退回督导修改").click()
    expect(page.get_by_text("已退回给督导丙")).to_be_visible()
    page.get_by_role("button", name=re.compile("退出|登出|Log out")).click()

    # The supervisor sees the comment, edits and resubmits.
    log_in(page, live_server, "mentor_b")
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    expect(page.get_by_text("请补充督导中发现的问题")).to_be_visible()
    page.goto(f"{live_server.url}/supervision/evaluations/{evaluation.pk}/edit/")
    page.get_by_label("发现的问题").fill("服务记录不够完整")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交区民政局审核").click()
    page.get_by_role("button", name=re.compile("退出|登出|Log out")).click()

    # The district approves; the supervisor's fee appears.
    log_in(page, live_server, "district_r")
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text(re.compile("已审核通过"))).to_be_visible()
    page.get_by_role("button", name=re.compile("退出|登出|Log out")).click()

    log_in(page, live_server, "mentor_b")
    page.goto(f"{live_server.url}/supervision/fees/mine/?year={last_month.year}")
    expect(page.get_by_text("1200.00").first).to_be_visible()
    shot("fees")
    evaluation.refresh_from_db()
    assert evaluation.status == "approved"
    assert list(evaluation.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "return",
        "edit",
        "submit",
        "approve",
    ]
    assert console.csp_violations() == []
