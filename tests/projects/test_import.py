"""Projects and funding import (issue #10): the template, the whole-file preview, the signed
confirmation written in one transaction, scope and audit.

Every test that expects a refusal also checks that nothing was written.
"""

import io
import time
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from projects import importing
from projects.importing.columns import FUNDING_COLUMNS, PROJECT_COLUMNS
from projects.models import Funding, Project, Purchase, StageRecord
from projects.services import imports as import_services
from tests.projects.factories import ProjectFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
P_HEADERS = [c.header + ("*" if c.required else "") for c in PROJECT_COLUMNS]
F_HEADERS = [c.header + ("*" if c.required else "") for c in FUNDING_COLUMNS]


def project(unit, name, category="组团项目", first="2025", **cells) -> list:
    """One row of 项目; keyword arguments override cells by column key."""
    values = {
        "unit": getattr(unit, "name", unit),
        "name": name,
        "category": category,
        "first_year": first,
        "last_year": None,
        "focus_areas": "一老一小",
        "partners": "区民政局",
        "budget": "50000",
        "source": "公益创投",
        "purchase_domain": None,
        "declared_non_administrative": "是",
    }
    values.update(cells)
    return [values[c.key] for c in PROJECT_COLUMNS]


def funding(year="2025", venture=None, name=None, amount=None) -> list:
    return [year, venture, name, amount]


def workbook(projects=(), fundings=(), *, p_headers=P_HEADERS, f_headers=F_HEADERS) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, headers, rows in (("项目", p_headers, projects), ("经费", f_headers, fundings)):
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for values in rows:
            sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_url(street) -> str:
    return reverse("projects:import_upload", args=[street.pk])


def confirm_url(street) -> str:
    return reverse("projects:import_confirm", args=[street.pk])


def post_upload(client, street, data, name="项目.xlsx"):
    file = SimpleUploadedFile(name, data, content_type=XLSX)
    return client.post(upload_url(street), {"file": file})


def payload_of(response) -> str:
    return response.context["confirm_form"].initial["payload"]


def written() -> tuple[int, int, int, int]:
    return (
        Project.objects.count(),
        StageRecord.objects.count(),
        Funding.objects.count(),
        Purchase.objects.count(),
    )


def problems(response) -> list[tuple[str, int | None, str]]:
    return [(e.sheet, e.row, e.column) for e in response.context["errors"]]


@pytest.fixture
def good_file(station, workroom):
    return workbook(
        [
            project(station, "党建引领红色议事", "党建统领核心项目"),
            project(workroom, "邻里议事厅", "社区协商", focus_areas="社区民主协商、社区居民自治"),
            project(station, "一老一小守护", first="2024", last_year="2026", budget="12,345.67"),
        ],
        [
            funding("2025", "1000000", "党建引领红色议事", "150000.50"),
            funding("2025", None, "一老一小守护", "60000"),
            funding("2024", "800000"),
        ],
    )


# The template


def test_template_has_the_two_sheets_with_headers_an_example_row_and_text_cells(
    client_for, street_clerk
):
    response = client_for(street_clerk).get(reverse("projects:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[:2] == ["项目", "经费"]
    projects, fundings = book["项目"], book["经费"]
    assert [c.value for c in projects[1]] == P_HEADERS
    assert [c.value for c in fundings[1]] == F_HEADERS
    assert P_HEADERS[:4] == ["单位*", "项目名称*", "类别*", "起始年度*"]
    assert "预算（元）" in P_HEADERS and "是否声明非行政性事务*" in P_HEADERS
    assert F_HEADERS == ["年度*", "公益创投资金总额（元）", "购买项目名称", "购买金额（元）"]
    assert projects["C2"].value == "组团项目" and fundings["A2"].value == "2025"
    assert all(c.number_format == "@" for c in projects[2]) and fundings["B2"].data_type == "s"


def test_the_template_uploaded_unchanged_is_refused_for_its_example_unit(
    client_for, street_clerk, street, station
):
    client = client_for(street_clerk)
    template = b"".join(client.get(reverse("projects:import_template")).streaming_content)
    response = post_upload(client, street, template)
    assert ("项目", 2, "单位") in problems(response)
    assert response.context["confirm_form"] is None and written() == (0, 0, 0, 0)


# Preview and confirmation


def test_good_file_previews_counts_then_confirm_writes_everything_in_one_go(
    client_for, street_clerk, street, station, workroom, good_file
):
    Funding.objects.create(year=2024, street=street, venture_fund=Decimal("500000"))
    client = client_for(street_clerk)
    response = post_upload(client, street, good_file)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.data_rows == 6 and plan.errors == []
    assert plan.counts == {
        "projects": 3,
        "fundings_created": 1,
        "fundings_updated": 1,
        "purchases": 2,
        "errors": 0,
    }
    assert written() == (0, 0, 1, 0)  # the preview writes nothing
    assert response["Cache-Control"].startswith("max-age=0")

    response = client.post(confirm_url(street), {"payload": payload_of(response)})
    assert response.status_code == 302 and response["Location"] == street.get_absolute_url()
    assert written() == (3, 3, 2, 2)
    core = Project.objects.get(name="党建引领红色议事")
    assert (core.unit, core.category, core.first_year, core.last_year) == (
        station,
        "core",
        2025,
        None,
    )
    assert core.stage == "research" and core.declared_non_administrative is True
    assert core.budget == Decimal("50000.00") and core.source == "venture_fund"
    record = core.stage_records.get()
    assert (record.stage, record.reached_on, record.evidence) == (
        "research",
        timezone.localdate(),
        "Excel 导入",
    )
    room = Project.objects.get(name="邻里议事厅")
    assert room.unit == workroom and room.category == "consultation"
    assert room.focus_areas == ["consultation", "self_governance"]
    cluster = Project.objects.get(name="一老一小守护")
    assert (cluster.first_year, cluster.last_year, cluster.budget) == (
        2024,
        2026,
        Decimal("12345.67"),
    )
    fund_2025 = Funding.objects.get(street=street, year=2025)
    assert fund_2025.venture_fund == Decimal("1000000.00")
    assert Funding.objects.get(street=street, year=2024).venture_fund == Decimal("800000.00")
    bought = {(p.project.name, p.amount) for p in fund_2025.purchases.all()}
    assert bought == {
        ("党建引领红色议事", Decimal("150000.50")),
        ("一老一小守护", Decimal("60000")),
    }
    preview = AuditEvent.objects.get(event="projects_import_preview")
    assert preview.result == "success" and "projects=3" in preview.detail
    event = AuditEvent.objects.get(event="projects_import")
    assert event.result == "success" and event.user == street_clerk
    assert "projects=3" in event.detail and "purchases=2" in event.detail
    assert "fundings_created=1" in event.detail and "fundings_updated=1" in event.detail


def test_the_district_imports_for_any_street(client_for, district_user, street, station):
    client = client_for(district_user)
    response = post_upload(client, street, workbook([project(station, "社区慈善超市")]))
    response = client.post(confirm_url(street), {"payload": payload_of(response)})
    assert response.status_code == 302 and written() == (1, 1, 0, 0)


def test_a_purchase_of_a_recorded_station_project_running_that_year(
    client_for, street_clerk, street, station
):
    ProjectFactory(unit=station, name="助老餐桌", first_year=2023, last_year=2025)
    Funding.objects.create(year=2025, street=street, venture_fund=Decimal("100"))
    client = client_for(street_clerk)
    response = post_upload(client, street, workbook([], [funding("2025", None, "助老餐桌", "20")]))
    assert response.context["plan"].counts["fundings_updated"] == 0
    client.post(confirm_url(street), {"payload": payload_of(response)})
    purchase = Purchase.objects.get()
    assert purchase.project.name == "助老餐桌" and purchase.amount == Decimal("20.00")
    assert Funding.objects.get().venture_fund == Decimal("100.00")  # not given: unchanged


def test_a_file_with_one_bad_row_writes_nothing_and_names_sheet_row_and_column(
    client_for, street_clerk, street, station, workroom
):
    data = workbook(
        [project(station, "党建引领红色议事", "党建统领核心项目")],
        [funding("2025", "1000000"), funding("2025", None, "党建引领红色议事", "12.345")],
    )
    response = post_upload(client_for(street_clerk), street, data)
    assert problems(response) == [("经费", 3, "购买金额（元）")]
    assert response.context["confirm_form"] is None
    assert b'name="payload"' not in response.content
    assert written() == (0, 0, 0, 0)
    assert AuditEvent.objects.get(event="projects_import_preview").result == "failure"


def test_every_error_of_the_file_is_listed_each_naming_its_cell(
    client_for, street_clerk, street, station
):
    data = workbook(
        [
            project(station, "", first="2021"),
            project(station, "甲", last_year="2024", declared_non_administrative="也许"),
            project(station, "乙", source="政府购买服务"),
            project(station, "=HYPERLINK(1)"),
        ],
        [funding("2030", None, None, None), funding("明年", "-5")],
    )
    response = post_upload(client_for(street_clerk), street, data)
    assert problems(response) == [
        ("项目", 2, "项目名称"),
        ("项目", 2, "起始年度"),
        ("项目", 3, "是否声明非行政性事务"),
        ("项目", 3, "结束年度"),
        ("项目", 4, "购买服务领域"),
        ("项目", 5, "项目名称"),
        ("经费", 2, ""),
        ("经费", 3, "年度"),
        ("经费", 3, "公益创投资金总额（元）"),
    ]
    assert written() == (0, 0, 0, 0)


def test_a_row_refused_by_the_services_rolls_back_the_rows_before_it(
    client_for, street_clerk, street, station, monkeypatch
):
    """The plan passed, but the last write is refused: nothing of the file is kept."""
    data = workbook(
        [project(station, "党建引领红色议事", "党建统领核心项目")],
        [funding("2025", "1000", "党建引领红色议事", "300")],
    )
    client = client_for(street_clerk)
    payload = payload_of(post_upload(client, street, data))

    def refuse(**kwargs):
        raise ValidationError({"amount": "refused"}, code="amount")

    monkeypatch.setattr(import_services, "purchase_add", refuse)
    response = client.post(confirm_url(street), {"payload": payload})
    assert response.status_code == 200
    assert problems(response) == [("经费", 2, "购买金额（元）")]
    assert written() == (0, 0, 0, 0)
    event = AuditEvent.objects.get(event="projects_import")
    assert event.result == "failure" and event.detail.startswith("rows: errors=1")


def test_confirm_checks_again_and_refuses_what_changed_since_the_preview(
    client_for, street_clerk, street, station, workroom
):
    data = workbook([project(station, "甲"), project(workroom, "乙", "两邻文化")])
    client = client_for(street_clerk)
    payload = payload_of(post_upload(client, street, data))
    ProjectFactory(unit=workroom, name="乙", category="neighbour_culture", first_year=2025)
    response = client.post(confirm_url(street), {"payload": payload})
    assert response.status_code == 200 and problems(response) == [("项目", 3, "项目名称")]
    assert written() == (1, 0, 0, 0)  # only the project made in between


def test_confirming_the_same_preview_twice_writes_once(client_for, street_clerk, street, station):
    client = client_for(street_clerk)
    payload = payload_of(post_upload(client, street, workbook([project(station, "甲")])))
    assert client.post(confirm_url(street), {"payload": payload}).status_code == 302
    response = client.post(confirm_url(street), {"payload": payload})
    assert response.status_code == 200 and problems(response) == [("项目", 2, "项目名称")]
    assert written() == (1, 1, 0, 0)


# Units and categories


def test_an_unknown_unit_and_a_unit_of_another_street_are_the_same_error(
    client_for, street_clerk, street, station, other_station, other_workroom
):
    data = workbook(
        [
            project("不存在的社会工作站", "甲"),
            project(other_station, "乙"),
            project(other_workroom, "丙", "两邻文化"),
        ]
    )
    response = post_upload(client_for(street_clerk), street, data)
    assert problems(response) == [("项目", 2, "单位"), ("项目", 3, "单位"), ("项目", 4, "单位")]
    messages = {e.message for e in response.context["errors"]}
    assert len(messages) == 1  # nothing tells another street's unit from none
    assert written() == (0, 0, 0, 0)


def test_the_district_importing_for_a_street_cannot_reach_another_streets_unit(
    client_for, district_user, street, station, other_station
):
    data = workbook([project(other_station, "乙")])
    response = post_upload(client_for(district_user), street, data)
    assert problems(response) == [("项目", 2, "单位")] and written() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("unit_fixture", "category", "valid"),
    [
        ("station", "组团项目", True),
        ("station", "社会工作专业服务品牌", True),
        ("station", "社区协商", False),
        ("station", "片区联动", False),
        ("workroom", "两邻文化", True),
        ("workroom", "社会工作专业服务品牌", True),
        ("workroom", "组团项目", False),
        ("workroom", "社区治理品牌", False),
    ],
)
def test_a_category_must_be_one_of_the_units_kind(
    request, client_for, street_clerk, street, unit_fixture, category, valid
):
    unit = request.getfixturevalue(unit_fixture)
    response = post_upload(
        client_for(street_clerk), street, workbook([project(unit, "甲", category)])
    )
    assert problems(response) == ([] if valid else [("项目", 2, "类别")])
    assert (response.context["confirm_form"] is not None) is valid


def test_a_project_on_record_or_twice_in_the_file_is_refused_naming_the_row(
    client_for, street_clerk, street, station
):
    ProjectFactory(unit=station, name="甲", first_year=2025)
    data = workbook(
        [
            project(station, "甲"),  # on record: create-only
            project(station, "甲", first="2026"),  # another first year: a new project
            project(station, "乙"),
            project(station, "乙"),
        ]
    )
    response = post_upload(client_for(street_clerk), street, data)
    assert problems(response) == [("项目", 2, "项目名称"), ("项目", 5, "项目名称")]
    assert "4" in response.context["errors"][1].message  # names the earlier row
    assert written() == (1, 0, 0, 0)


# Funding and purchases


def test_a_purchase_of_a_workroom_project_is_refused(
    client_for, street_clerk, street, station, workroom
):
    ProjectFactory(unit=workroom, name="暖心议事", category="consultation", first_year=2025)
    data = workbook(
        [project(workroom, "邻里节", "两邻文化")],
        [
            funding("2025", "1000", "暖心议事", "10"),
            funding("2025", None, "邻里节", "10"),
        ],
    )
    response = post_upload(client_for(street_clerk), street, data)
    assert problems(response) == [("经费", 2, "购买项目名称"), ("经费", 3, "购买项目名称")]
    assert "G2" in response.context["errors"][0].message
    assert written() == (1, 0, 0, 0)


def test_a_purchase_needs_a_station_project_of_that_name_running_that_year(
    client_for, street_clerk, street, station, other_station
):
    ProjectFactory(unit=station, name="旧项目", first_year=2022, last_year=2023)
    ProjectFactory(unit=other_station, name="别人的项目", first_year=2025)
    ProjectFactory(unit=station, name="在办项目", first_year=2025)
    data = workbook(
        [],
        [
            funding("2025", "1000", "旧项目", "10"),
            funding("2025", None, "别人的项目", "10"),
            funding("2025", None, None, "10"),
            funding("2025", None, "在办项目", None),
            funding("2025", None, "在办项目", "0"),
        ],
    )
    response = post_upload(client_for(street_clerk), street, data)
    assert problems(response) == [
        ("经费", 2, "购买项目名称"),
        ("经费", 3, "购买项目名称"),
        ("经费", 4, "购买项目名称"),
        ("经费", 5, "购买金额（元）"),
        ("经费", 6, "购买金额（元）"),
    ]
    assert written() == (3, 0, 0, 0)


def test_one_purchase_per_project_and_year_naming_both_rows(
    client_for, street_clerk, street, station
):
    recorded = ProjectFactory(unit=station, name="已购项目", first_year=2024)
    bought = Funding.objects.create(year=2024, street=street, venture_fund=Decimal("10"))
    Purchase.objects.create(funding=bought, project=recorded, amount=Decimal("1"))
    data = workbook(
        [project(station, "新项目", first="2024")],
        [
            funding("2024", None, "新项目", "2"),
            funding("2024", None, "新项目", "3"),
            funding("2024", None, "已购项目", "4"),
            funding("2025", "100", "新项目", "5"),  # another year: allowed
        ],
    )
    response = post_upload(client_for(street_clerk), street, data)
    assert problems(response) == [("经费", 3, "购买项目名称"), ("经费", 4, "购买项目名称")]
    duplicate = response.context["errors"][0]
    assert duplicate.row == 3 and "2" in duplicate.message  # this row and row 2
    assert written() == (1, 0, 1, 1)


def test_a_year_without_funding_needs_its_total_once_and_the_same_everywhere(
    client_for, street_clerk, street, station
):
    data = workbook(
        [project(station, "甲"), project(station, "乙", first="2026")],
        [
            funding("2025", "100"),
            funding("2025", "200", "甲", "1"),
            funding("2026", None, "乙", "1"),
        ],
    )
    response = post_upload(client_for(street_clerk), street, data)
    assert problems(response) == [
        ("经费", 3, "公益创投资金总额（元）"),
        ("经费", 4, "公益创投资金总额（元）"),
    ]
    assert "2" in response.context["errors"][0].message  # names row 2
    assert written() == (0, 0, 0, 0)


# The signed payload


def test_a_tampered_payload_is_refused_and_writes_nothing(
    client_for, street_clerk, street, station
):
    client = client_for(street_clerk)
    payload = payload_of(post_upload(client, street, workbook([project(station, "甲")])))
    value, signature = payload.rsplit(":", 1)
    forged = signing.dumps(
        {"v": 1, "street": street.pk, "user": street_clerk.pk, "projects": [], "funding": []},
        salt="another-salt",
        compress=True,
    )
    for bad in (value + ":" + signature[::-1], value[:-2] + ":" + signature, forged, "", "x"):
        response = client.post(confirm_url(street), {"payload": bad})
        assert response.status_code == 400
    assert written() == (0, 0, 0, 0)
    events = AuditEvent.objects.filter(event="projects_import")
    assert events.count() == 5 and {e.result for e in events} == {"failure"}
    assert all(e.detail.startswith("tampered") for e in events)


def test_a_payload_of_another_user_or_street_is_refused(
    client_for, district_user, street_clerk, street, station, other_street, other_station
):
    district = client_for(district_user)
    payload = payload_of(post_upload(district, street, workbook([project(station, "甲")])))
    response = client_for(street_clerk).post(confirm_url(street), {"payload": payload})
    assert response.status_code == 400
    response = district.post(confirm_url(other_street), {"payload": payload})
    assert response.status_code == 400
    assert written() == (0, 0, 0, 0)


def test_a_payload_older_than_an_hour_is_refused(
    client_for, street_clerk, street, station, monkeypatch
):
    client = client_for(street_clerk)
    payload = payload_of(post_upload(client, street, workbook([project(station, "甲")])))
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 3590)
    assert importing.unsign(payload, street=street, user=street_clerk)[0][0].name == "甲"
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 3700)
    response = client.post(confirm_url(street), {"payload": payload})
    assert response.status_code == 400 and written() == (0, 0, 0, 0)
    assert AuditEvent.objects.get(event="projects_import").detail.startswith("expired")


# Who may


@pytest.mark.parametrize(
    "persona", ["other_street_clerk", "community_user", "supervisor", "auditor"]
)
def test_others_get_404_on_every_import_page(request, client_for, persona, street, station):
    client = client_for(request.getfixturevalue(persona))
    data = workbook([project(station, "甲")])
    assert client.get(upload_url(street)).status_code == 404
    assert post_upload(client, street, data).status_code == 404
    assert client.post(confirm_url(street), {"payload": "x"}).status_code == 404
    if persona != "other_street_clerk":
        assert client.get(reverse("projects:import_template")).status_code == 404
    assert written() == (0, 0, 0, 0)
    assert not AuditEvent.objects.filter(event__startswith="projects_import").exists()


def test_a_clerk_cannot_confirm_a_valid_payload_into_another_street(
    client_for, other_street_clerk, district_user, street, station, other_street
):
    district = client_for(district_user)
    payload = payload_of(post_upload(district, street, workbook([project(station, "甲")])))
    response = client_for(other_street_clerk).post(confirm_url(street), {"payload": payload})
    assert response.status_code == 404 and written() == (0, 0, 0, 0)


def test_an_unknown_street_is_404(client_for, district_user):
    url = reverse("projects:import_upload", args=[999999])
    assert client_for(district_user).get(url).status_code == 404


def test_the_confirm_page_takes_post_only(client_for, street_clerk, street):
    assert client_for(street_clerk).get(confirm_url(street)).status_code == 405


# The workbook itself (the base checks of shangcheng.xlsx)


def test_a_file_that_is_not_xlsx_renamed_xlsx_is_refused(client_for, street_clerk, street, station):
    client = client_for(street_clerk)
    for data, name in ((b"name,year\n\xe7\x94\xb2,2025\n", "项目.xlsx"), (workbook(), "项目.xls")):
        response = post_upload(client, street, data, name=name)
        assert response.status_code == 200 and response.context["form"].errors["file"]
        assert "plan" not in response.context
    assert written() == (0, 0, 0, 0)
    events = AuditEvent.objects.filter(event="projects_import_preview")
    assert events.count() == 2 and {e.result for e in events} == {"failure"}


def test_a_workbook_without_a_sheet_or_with_other_headers_is_refused(
    client_for, street_clerk, street, station
):
    client = client_for(street_clerk)
    renamed = openpyxl.load_workbook(io.BytesIO(workbook([project(station, "甲")])))
    renamed["经费"].title = "资金"
    out = io.BytesIO()
    renamed.save(out)
    other_headers = workbook([project(station, "甲")], p_headers=["单位", "名称"])
    for data in (out.getvalue(), other_headers, workbook()):
        response = post_upload(client, street, data)
        assert problems(response) == [("", None, "")]
    assert written() == (0, 0, 0, 0)


def test_at_most_2000_data_rows_in_the_two_sheets(client_for, street_clerk, street, station):
    client = client_for(street_clerk)
    rows = [project(station, f"项目{n}") for n in range(1999)]
    response = post_upload(client, street, workbook(rows, [funding("2025", "1")]))
    plan = response.context["plan"]
    assert plan.data_rows == 2000 and plan.errors == []
    response = post_upload(client, street, workbook(rows, [funding("2025", "1")] * 2))
    assert problems(response) == [("", None, "")]
    assert "2000" in response.context["errors"][0].message
    assert written() == (0, 0, 0, 0)


def test_a_date_and_a_formula_cell_are_refused_where_text_or_a_year_is_expected(
    client_for, street_clerk, street, station
):
    book = openpyxl.load_workbook(io.BytesIO(workbook([project(station, "甲")])))
    sheet = book["项目"]
    sheet["B2"] = date(2025, 1, 1)  # the name typed as a date
    sheet["D2"] = "=2024+1"  # a formula: read as its (absent) cached value
    out = io.BytesIO()
    book.save(out)
    response = post_upload(client_for(street_clerk), street, out.getvalue())
    assert problems(response) == [("项目", 2, "项目名称"), ("项目", 2, "起始年度")]


def test_the_preview_runs_the_same_number_of_queries_for_few_and_many_rows(
    client_for, street_clerk, street, station, workroom, django_assert_num_queries
):
    client = client_for(street_clerk)

    def rows(n):
        projects = [project(station, f"站{i}") for i in range(n)]
        projects += [project(workroom, f"室{i}", "两邻文化") for i in range(n)]
        purchases = [funding("2025", None, f"站{i}", "1") for i in range(n)]
        return workbook(projects, [funding("2025", "100"), *purchases])

    post_upload(client, street, rows(1))  # the session's first request
    with CaptureQueriesContext(connection) as few:
        response = post_upload(client, street, rows(2))
    assert response.context["plan"].counts["purchases"] == 2
    with django_assert_num_queries(len(few)):
        response = post_upload(client, street, rows(30))
    assert response.context["plan"].counts == {
        "projects": 60,
        "fundings_created": 1,
        "fundings_updated": 0,
        "purchases": 30,
        "errors": 0,
    }
