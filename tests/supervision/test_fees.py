"""The supervision evaluation fee (V5): due for an approved month of a full-time supervisor on
a district-or-higher project whose final appraisal of the year before is 优秀 or 合格 (or who
has none yet), at the year's rate; the district's sheet with totals and its Excel export; the
supervisor's own history; a clear word when the district set no rate.

That other roles get 404 for these pages is the scope sweep's (``tests/test_scope_sweep.py``).
"""

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from supervision.fees import fee_sheet
from supervision.models import DistrictParameters
from tests.factories import StationFactory
from tests.supervision.factories import (
    AnnualAppraisalFactory,
    EngagementFactory,
    EvaluationFactory,
    SupervisorFactory,
)

YEAR = 2025
MARCH = date(YEAR, 3, 1)


@pytest.fixture
def unit(db):
    return StationFactory()


@pytest.fixture
def fee(db):
    return DistrictParameters.objects.create(year=YEAR, monthly_fee=Decimal("800.00"))


def _paid_supervisor(unit, *, months=(MARCH,), **fields):
    """A full-time supervisor on a district project, engaged all year, approved in ``months``."""
    fields = {"full_time": True, "project_level": "district", **fields}
    sup = SupervisorFactory(person__street=unit.street, **fields)
    EngagementFactory(supervisor=sup, start=date(2022, 1, 1))
    for month in months:
        EvaluationFactory(supervisor=sup, unit=unit, month=month, status="approved")
    return sup


def _line(sheet, sup, month=MARCH):
    [line] = [x for x in sheet.lines if x.supervisor.pk == sup.pk and x.month == month]
    return line


@pytest.mark.parametrize(
    ("grade", "amount"),
    [("excellent", Decimal("800.00")), ("qualified", Decimal("800.00")), ("basic", None),
     ("unqualified", None), (None, Decimal("800.00"))],
)  # fmt: skip
def test_fee_at_each_grade_of_the_year_before(unit, fee, grade, amount):
    sup = _paid_supervisor(unit)
    if grade:
        AnnualAppraisalFactory(supervisor=sup, year=YEAR - 1, status="final", grade=grade)
    line = _line(fee_sheet(year=YEAR, month=3), sup)
    assert line.amount == amount
    assert line.due is (amount is not None)


def test_a_draft_appraisal_of_the_year_before_does_not_stop_the_fee(unit, fee):
    """V5 reads the appraisal of record, which is the final one."""
    sup = _paid_supervisor(unit)
    AnnualAppraisalFactory(supervisor=sup, year=YEAR - 1, grade="unqualified")
    assert _line(fee_sheet(year=YEAR, month=3), sup).amount == Decimal("800.00")


@pytest.mark.parametrize(
    "fields",
    [{"full_time": False}, {"project_level": "street"}, {"project_level": ""}],
    ids=["part-time", "street-level project", "no project level"],
)
def test_no_fee_outside_v5s_supervisors(unit, fee, fields):
    sup = _paid_supervisor(unit, **fields)
    line = _line(fee_sheet(year=YEAR, month=3), sup)
    assert (line.due, line.amount) == (False, None) and line.reason


def test_no_fee_for_a_month_without_an_approved_evaluation(unit, fee):
    sup = _paid_supervisor(unit, months=())
    EvaluationFactory(supervisor=sup, unit=unit, month=MARCH, status="submitted")
    line = _line(fee_sheet(year=YEAR, month=3), sup)
    assert (line.approved, line.amount) == (False, None)


def test_the_year_sheet_has_every_engaged_month_and_the_totals(unit, fee):
    sup = _paid_supervisor(unit, months=(date(YEAR, 1, 1), MARCH))
    other = _paid_supervisor(unit, months=(MARCH,))
    sheet = fee_sheet(year=YEAR)
    assert len([x for x in sheet.lines if x.supervisor == sup]) == 12
    assert sheet.due_months == 3
    assert sheet.total == Decimal("2400.00")
    assert _line(sheet, other).amount == Decimal("800.00")


def test_without_the_districts_rate_the_page_says_so(client_for, district_user, unit):
    _paid_supervisor(unit)
    client = client_for(district_user)
    response = client.get(reverse("supervision:fees"), {"year": YEAR, "month": 3})
    assert response.status_code == 200
    assert response.context["no_fee"] and str(YEAR) in response.context["no_fee"]
    assert response.context["no_fee"] in response.content.decode()
    export = client.get(reverse("supervision:fees_export"), {"year": YEAR, "month": 3})
    assert export.status_code == 302
    assert not AuditEvent.objects.filter(event="export").exists()


def test_district_sheet_shows_the_month_and_its_total(client_for, district_user, unit, fee):
    _paid_supervisor(unit, person__name="甲督导")
    _paid_supervisor(unit, person__name="乙督导")
    response = client_for(district_user).get(
        reverse("supervision:fees"), {"year": YEAR, "month": 3}
    )
    body = response.content.decode()
    assert "甲督导" in body and "乙督导" in body
    assert '<td class="text-end" id="fee-total">1600.00</td>' in body


def _page_queries(client, unit, supervisors):
    while len(fee_sheet(year=YEAR).lines) < 12 * supervisors:
        sup = _paid_supervisor(unit, months=(MARCH, date(YEAR, 4, 1)))
        AnnualAppraisalFactory(supervisor=sup, year=YEAR - 1, status="final", grade="qualified")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("supervision:fees"), {"year": YEAR})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_of_the_fee_sheet_do_not_grow_with_the_supervisors(
    client_for, district_user, unit, fee
):
    client = client_for(district_user)
    small = _page_queries(client, unit, 2)
    assert _page_queries(client, unit, 8) == small


def test_excel_export_reloads_with_text_kept_as_text_and_ids_masked(
    client_for, district_user, unit, fee
):
    # given: a name a spreadsheet would run as a formula
    sup = _paid_supervisor(unit, person__name="=HYPERLINK(1)")
    # when
    response = client_for(district_user).get(
        reverse("supervision:fees_export"), {"year": YEAR, "month": 3}
    )
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert openpyxl.DEFUSEDXML is True
    ws = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 3  # header, one line, total
    month, name, id_number, *_, amount, note = rows[1]
    assert (month, name, amount, note) == ("2025-03", "=HYPERLINK(1)", 800, None)
    assert ws.cell(row=2, column=2).data_type == "s"  # text, not a formula
    assert id_number == sup.person.id_number[:3] + "*" * 11 + sup.person.id_number[-4:]
    assert sup.person.id_number not in response.content.decode("latin-1")
    assert rows[2][-2] == 800
    assert AuditEvent.objects.get(event="export").user == district_user


def test_supervisor_sees_only_their_own_fee_history(client_for, unit, fee):
    mine = _paid_supervisor(unit, person__name="本人督导")
    _paid_supervisor(unit, person__name="他人督导")
    response = client_for(mine.user).get(reverse("supervision:my_fees"), {"year": YEAR})
    body = response.content.decode()
    assert response.status_code == 200
    assert {line.supervisor.pk for line in response.context["sheet"].lines} == {mine.pk}
    assert "他人督导" not in body
    assert response.context["sheet"].total == Decimal("800.00")


def test_supervisor_without_a_record_gets_404_for_own_fees(client_for, supervisor):
    assert client_for(supervisor).get(reverse("supervision:my_fees")).status_code == 404
