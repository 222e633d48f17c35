"""Roster import: template, dry run with preview, one-transaction apply, scope and audit.

The workbooks are built in memory with openpyxl; the helpers here serve the upload-security
tests too. Every test that expects a refusal also checks that nothing was written.
"""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from shangcheng import rules
from staffing import roster
from staffing.models import Certificate, Person, Post, RosterImport
from staffing.roster_checks import COLUMNS, POSTS
from staffing.validators import id_check_char

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [c.header + ("*" if c.required else "") for c in COLUMNS]


def id_number(seq: int, *, male: bool = True, birth: date | None = None) -> str:
    """A valid GB 11643 number; the 17th digit is odd for men."""
    birth = birth or date(1980 + seq // 500 % 30, 1 + seq % 12, 1 + seq % 28)
    code = (seq % 500) * 2 + (1 if male else 0)
    first17 = f"330102{birth:%Y%m%d}{code:03d}"
    return first17 + id_check_char(first17)


def row(seq: int, unit, **cells) -> list:
    """One row of the template; keyword arguments override cells by column key."""
    male = cells.pop("male", True)
    values = {
        "name": f"张{'一二三四五六七八九十'[seq % 10]}{'甲乙丙丁'[seq // 10 % 4]}",
        "gender": "男" if male else "女",
        "id_number": id_number(seq, male=male),
        "mobile": f"139{seq:08d}",
        "birth_date": None,
        "community_work_since": "2015-03-01",
        "unit": unit.name if hasattr(unit, "name") else unit,
        "post": "专职社工" if getattr(unit, "kind", "station") == "station" else "社会工作岗社工",
        "full_time": "是",
        "start": "2024-01-01",
        "cert_level": None,
        "cert_number": None,
        "cert_issued": None,
    }
    values.update(cells)
    return [values[c.key] for c in COLUMNS]


def certified(seq: int, unit, **cells) -> list:
    cert = {"cert_level": "助理社会工作师", "cert_number": f"ZS2020{seq:06d}"}
    return row(seq, unit, **{**cert, "cert_issued": "2020-06-30", **cells})


def workbook(rows, *, headers=HEADERS, sheet="人员名册") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for values in rows:
        ws.append(values)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # written as text, the way a clerk's typed text arrives
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def replace_part(data: bytes, name: str, content: bytes) -> bytes:
    """The same package with one part's content replaced (for bombs and macros)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = content if info.filename == name else src.read(info)
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
        if name not in src.namelist():
            dst.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def written() -> tuple[int, int, int]:
    return Person.objects.count(), Certificate.objects.count(), Post.objects.count()


def post_upload(client, user, data, *, street=None, name="名册.xlsx"):
    client.force_login(user)
    street = street or user.street
    return client.post(
        reverse("staffing:roster_upload"), {"street": street.pk, "file": upload(data, name)}
    )


def preview_url(record) -> str:
    return reverse("staffing:roster_preview", args=[record.pk])


def confirm_url(record) -> str:
    return reverse("staffing:roster_confirm", args=[record.pk])


@pytest.fixture
def good_file(station, workroom):
    return workbook(
        [
            certified(1, station, post="站长"),
            row(2, station, male=False),
            certified(3, workroom, cert_level="社会工作师", cert_issued=date(2021, 5, 1)),
        ]
    )


def test_post_labels_of_the_format_are_the_rules_labels():
    assert {rules.Post(code).label: code for code in POSTS.values()} == POSTS


def test_template_download_parses_back_with_the_same_headers(client, street_clerk):
    client.force_login(street_clerk)
    response = client.get(reverse("staffing:roster_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["人员名册", "填写说明"]
    assert [c.value for c in book["人员名册"][1]] == HEADERS
    assert HEADERS[:3] == ["姓名*", "性别*", "身份证号*"]
    notes = [r[0] for r in book["填写说明"].iter_rows(min_row=2, max_row=14, values_only=True)]
    assert notes == [c.header for c in COLUMNS]


def test_the_template_itself_is_a_valid_upload_with_no_rows(street_clerk, street):
    data = roster.check_upload(upload(roster.template_workbook()))
    plan = roster.parse(data, street=street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["工作表中没有数据行。"]
    with pytest.raises(roster.RosterRefused):
        roster.apply(plan, user=street_clerk)
    assert written() == (0, 0, 0)


def test_good_file_previews_creates_and_confirm_writes_people_certificates_posts(
    client, street_clerk, street, station, workroom, good_file
):
    response = post_upload(client, street_clerk, good_file)
    record = RosterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == preview_url(record)
    assert written() == (0, 0, 0)  # the preview writes nothing of the roster
    assert (record.rows, record.creates, record.updates, record.errors) == (3, 3, 0, 0)
    body = client.get(preview_url(record)).content.decode()
    assert "共 3 行：新增人员 3 人，更新 0 条，无变化 0 条，错误 0 处。" in body
    assert "330***********" in body and id_number(1) not in body  # ID numbers masked

    response = client.post(confirm_url(record))
    assert response.status_code == 302
    assert written() == (3, 2, 3)
    head = Person.objects.get(id_number=id_number(1))
    assert head.street == street and head.birth_date == date(1980, 2, 2)
    assert head.posts.get().post == "head" and head.certificates.get().level == "assistant"
    second = Person.objects.get(id_number=id_number(2, male=False))
    assert second.gender == "female" and second.community_work_since == date(2015, 3, 1)
    assert Post.objects.get(unit=workroom).post == "workroom_social_worker"
    record.refresh_from_db()
    assert record.status == "applied" and record.applied_at is not None
    assert bytes(record.content) == b""  # the uploaded personal data is not kept
    assert "共 3 行，新增人员 3 人，更新 0 条。" in client.get(preview_url(record)).content.decode()


def test_reimporting_the_same_file_changes_nothing_and_duplicates_no_post(
    client, street_clerk, good_file
):
    post_upload(client, street_clerk, good_file)
    client.post(confirm_url(RosterImport.objects.get()))
    before = written()

    post_upload(client, street_clerk, good_file)
    again = RosterImport.objects.latest("pk")
    assert (again.creates, again.updates, again.errors) == (0, 0, 0)
    assert "无变化 3 条" in client.get(preview_url(again)).content.decode()
    client.post(confirm_url(again))
    assert written() == before
    again.refresh_from_db()
    assert again.status == "applied"


def test_an_existing_person_of_the_street_is_updated_not_duplicated(
    client, street_clerk, street, station
):
    post_upload(client, street_clerk, workbook([row(5, station)]))
    client.post(confirm_url(RosterImport.objects.get()))
    changed = workbook([row(5, station, mobile="13900001111", name="张新名")])

    post_upload(client, street_clerk, changed)
    record = RosterImport.objects.latest("pk")
    assert (record.creates, record.updates) == (0, 1)
    client.post(confirm_url(record))
    person = Person.objects.get()
    assert (person.mobile, person.name, person.version) == ("13900001111", "张新名", 2)
    assert written() == (1, 0, 1)


def test_one_bad_row_among_200_is_listed_by_row_and_column_and_nothing_is_written(
    client, street_clerk, station
):
    rows = [row(seq, station) for seq in range(200)]
    bad = rows[148][2]  # Excel row 150: the header is row 1
    rows[148][2] = bad[:17] + ("0" if bad[17] != "0" else "1")
    post_upload(client, street_clerk, workbook(rows))
    record = RosterImport.objects.get()
    assert (record.rows, record.errors) == (200, 1)

    body = client.get(preview_url(record)).content.decode()
    assert "<td>150</td><td>身份证号</td><td>身份证号码校验码有误。</td>" in body
    assert "确认导入" not in body
    plan = roster.parse(bytes(record.content), street=record.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["第 150 行“身份证号”：身份证号码校验码有误。"]

    response = client.post(confirm_url(record), follow=True)
    assert "未写入任何数据" in response.content.decode()
    assert written() == (0, 0, 0)
    record.refresh_from_db()
    assert record.status == "failed"


def test_a_unit_of_another_street_is_refused_on_the_unit_column(
    client, street_clerk, station, other_station
):
    rows = [row(1, station), row(2, other_station), row(3, station)]
    post_upload(client, street_clerk, workbook(rows))
    plan = roster.parse(
        bytes(RosterImport.objects.get().content), street=station.street, user=street_clerk
    )
    assert [str(e) for e in plan.errors] == [
        "第 3 行“单位”：不属于本街道：本街道没有此名称的站（室）。"
    ]
    client.post(confirm_url(RosterImport.objects.get()))
    assert written() == (0, 0, 0)


def test_a_person_on_another_streets_roster_is_refused_on_the_id_number(
    street_clerk, station, other_street
):
    Person.objects.create(street=other_street, name="李其他", gender="male", id_number=id_number(7))
    data = workbook([row(7, station)])
    plan = roster.parse(data, street=station.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["第 2 行“身份证号”：此人已在其他街道的花名册中。"]
    with pytest.raises(roster.RosterRefused):
        roster.apply(plan, user=street_clerk)
    assert written() == (1, 0, 0)


def test_a_clerk_gets_404_for_another_streets_import(
    client, street_clerk, other_street_clerk, other_station
):
    post_upload(client, other_street_clerk, workbook([row(1, other_station)]))
    record = RosterImport.objects.get()
    client.force_login(street_clerk)
    assert client.get(preview_url(record)).status_code == 404
    assert client.post(confirm_url(record)).status_code == 404
    assert written() == (0, 0, 0)
    record.refresh_from_db()
    assert record.status == "previewed"


def test_a_clerk_cannot_upload_into_another_street(
    client, street_clerk, station, other_street, other_station
):
    data = workbook([row(1, other_station)])
    response = post_upload(client, street_clerk, data, street=other_street)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not RosterImport.objects.exists()
    with pytest.raises(Http404):
        roster.parse(data, street=other_street, user=street_clerk)
    assert written() == (0, 0, 0)


@pytest.mark.parametrize("persona", ["community_user", "supervisor", "auditor"])
def test_roles_without_a_roster_get_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("staffing:roster_upload")).status_code == 404
    assert client.get(reverse("staffing:roster_template")).status_code == 404


def test_the_district_picks_the_street(
    client, district_user, street, station, other_street, other_station
):
    client.force_login(district_user)
    body = client.get(reverse("staffing:roster_upload")).content.decode()
    assert street.name in body and other_street.name in body
    post_upload(client, district_user, workbook([row(1, other_station)]), street=other_street)
    record = RosterImport.objects.get()
    assert record.street == other_street
    client.post(confirm_url(record))
    assert Person.objects.get().street == other_street
    # The same rows named for the wrong street: its unit is not there.
    post_upload(client, district_user, workbook([row(2, other_station)]), street=street)
    assert RosterImport.objects.latest("pk").errors == 1


def test_confirming_twice_writes_once(client, street_clerk, good_file):
    post_upload(client, street_clerk, good_file)
    record = RosterImport.objects.get()
    client.post(confirm_url(record))
    response = client.post(confirm_url(record), follow=True)
    assert "该文件已于" in response.content.decode()
    assert written() == (3, 2, 3)
    with pytest.raises(roster.RosterRefused):
        roster.confirm(record=record, user=street_clerk)
    assert written() == (3, 2, 3)


def test_upload_and_confirm_are_audited_with_row_counts(client, street_clerk, good_file):
    post_upload(client, street_clerk, good_file)
    client.post(confirm_url(RosterImport.objects.get()))
    client.post(confirm_url(RosterImport.objects.get()))
    events = list(
        AuditEvent.objects.filter(event__startswith="roster")
        .order_by("pk")
        .values_list("event", "result", "detail")
    )
    assert events[0] == (
        "roster_preview",
        "success",
        "rows=3, creates=3, updates=0, unchanged=0, errors=0",
    )
    assert events[1] == ("roster_import", "success", "rows=3, creates=3, updates=0, unchanged=0")
    assert events[2][:2] == ("roster_import", "failure")


def test_a_refused_upload_is_audited_as_a_failure(client, street_clerk, street):
    post_upload(client, street_clerk, b"not a workbook")
    event = AuditEvent.objects.get(event="roster_preview")
    assert (event.event, event.result) == ("roster_preview", "failure")
    assert "file" in event.detail


def test_formula_like_text_is_read_as_text_and_refused_as_a_name(street_clerk, station):
    data = workbook([row(1, station, name="=1+1"), row(2, station, name="@SUM(A1)")])
    plan = roster.parse(data, street=station.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == [
        "第 2 行“姓名”：以 = 开头，电子表格会将其识别为公式。",
        "第 3 行“姓名”：以 @ 开头，电子表格会将其识别为公式。",
    ]
    assert written() == (0, 0, 0)


def test_control_characters_are_refused(street_clerk, station):
    data = workbook([row(1, station, name="张\x7f三"), row(2, station, cert_number="_x0001_")])
    plan = roster.parse(data, street=station.street, user=street_clerk)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "姓名"), (3, "证书编号")]
    assert all("控制字符" in e.message for e in plan.errors)
    assert written() == (0, 0, 0)


def test_cells_are_checked_one_by_one_with_chinese_messages(street_clerk, station):
    rows = [
        row(1, station, gender="M"),
        row(2, station, mobile="12345"),
        row(3, station, birth_date="1990-02-30"),
        row(4, station, start="2024/01/01"),
        row(5, station, full_time=None),
        row(6, station, id_number=3.30102199001011e17),
        row(7, station, birth_date="1999-01-01"),
        row(8, station, male=False, gender="男"),
        row(9, station, cert_level="社会工作师"),
        row(10, station, post="社会工作岗社工"),
    ]
    plan = roster.parse(workbook(rows), street=station.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == [
        "第 2 行“性别”：请从以下选项中选择：男、女。",
        "第 3 行“手机号”：请输入 11 位中国大陆手机号码。",
        "第 4 行“出生日期”：该日期不存在。",
        "第 5 行“任职开始日期”：请按 YYYY-MM-DD 格式或以 Excel 日期格式填写日期。",
        "第 6 行“专职”：必填。",
        "第 7 行“身份证号”：请以文本格式填写身份证号码：Excel 会对长数字进行舍入。",
        f"第 8 行“出生日期”：与身份证号码中的出生日期（{rows[6][2][6:10]}-"
        f"{rows[6][2][10:12]}-{rows[6][2][12:14]}）不一致。",
        "第 9 行“性别”：与身份证号码中的性别不一致。",
        "第 10 行“证书编号”：证书级别、证书编号和发证日期须同时填写。",
        "第 11 行“岗位”：街道社会工作站不设此岗位。",
    ]
    assert written() == (0, 0, 0)


def test_dates_may_be_excel_dates_or_text(street_clerk, station):
    data = workbook([certified(1, station, start=date(2023, 7, 1), cert_issued="2020-6-30")])
    plan = roster.parse(data, street=station.street, user=street_clerk)
    assert plan.errors == []
    assert (plan.rows[0].data.start, plan.rows[0].data.cert_issued) == (
        date(2023, 7, 1),
        date(2020, 6, 30),
    )


def test_the_same_person_twice_must_agree(street_clerk, station, workroom):
    rows = [
        row(1, station, post="站长", full_time="否"),
        row(1, workroom),
        row(1, station, post="站长", full_time="否", start="2025-01-01", mobile="13900000000"),
    ]
    plan = roster.parse(workbook(rows), street=station.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["第 4 行“手机号”：与身份证号码相同的第 2 行不一致。"]
    plan = roster.parse(workbook(rows[:2]), street=station.street, user=street_clerk)
    assert (plan.errors, plan.creates, plan.updates) == ([], 1, 1)
    roster.apply(plan, user=street_clerk)
    assert written() == (1, 0, 2)


def test_s4_conflicts_are_refused_against_the_roster_and_between_rows(
    street_clerk, street, station, workroom
):
    held = Person.objects.create(
        street=street, name="王在岗", gender="male", id_number=id_number(1)
    )
    Post.objects.create(
        person=held, unit=workroom, post="workroom_social_worker", start=date(2020, 1, 1)
    )
    rows = [row(1, station), row(2, station), row(2, workroom, start="2024-06-01")]
    plan = roster.parse(workbook(rows), street=street, user=street_clerk)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "任职开始日期"), (4, "任职开始日期")]
    assert "S4" in plan.errors[0].message and workroom.name in plan.errors[0].message
    assert plan.errors[1].message == "S4（§4(3)）专人专职：与第 3 行的岗位任职时间重叠。"
    assert written() == (1, 0, 1)


def test_a_change_between_preview_and_confirm_rolls_the_whole_import_back(
    client, street_clerk, street, station, workroom
):
    post_upload(client, street_clerk, workbook([row(1, station), row(2, station), row(3, station)]))
    record = RosterImport.objects.get()
    plan = roster.parse(bytes(record.content), street=street, user=street_clerk)
    # Someone creates the third person with a post elsewhere after the preview.
    late = Person.objects.create(
        street=street, name="张后到", gender="male", id_number=id_number(3)
    )
    Post.objects.create(
        person=late, unit=workroom, post="workroom_social_worker", start=date(2020, 1, 1)
    )
    with pytest.raises(roster.RosterRefused) as refused:
        roster.apply(plan, user=street_clerk)
    assert refused.value.errors[0].row == 4
    assert written() == (1, 0, 1)  # the first two rows were rolled back


def test_a_header_that_differs_from_the_template_is_one_clear_error(street_clerk, station):
    headers = ["姓名", "性别", "身份证", *HEADERS[3:]]
    plan = roster.parse(
        workbook([row(1, station)], headers=headers), street=station.street, user=street_clerk
    )
    assert [str(e) for e in plan.errors] == [
        "表头与模板不一致：第 C 列应为“身份证号”，实为“身份证”。请将数据复制到下载的模板中。"
    ]
    assert written() == (0, 0, 0)


def test_a_workbook_without_the_roster_sheet_is_refused(street_clerk, station):
    plan = roster.parse(
        workbook([row(1, station)], sheet="Sheet1"), street=station.street, user=street_clerk
    )
    assert [str(e) for e in plan.errors] == ["工作簿中没有“人员名册”工作表，请使用模板填写。"]
    assert written() == (0, 0, 0)


def test_empty_rows_are_ignored_and_row_numbers_stay_those_of_excel(street_clerk, station):
    rows = [
        row(1, station),
        [None] * 13,
        ["  ", *[None] * 12],
        row(2, station, gender="X"),
        *[[None] * 13] * 50,
    ]
    plan = roster.parse(workbook(rows), street=station.street, user=street_clerk)
    assert plan.data_rows == 2
    assert [(e.row, e.column) for e in plan.errors] == [(5, "性别")]
    assert written() == (0, 0, 0)


def test_more_than_5000_rows_are_refused(street_clerk, station):
    rows = [row(seq, station) for seq in range(5001)]
    plan = roster.parse(workbook(rows), street=station.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["数据超过 5000 行，请拆分文件。"]
    assert written() == (0, 0, 0)


def test_parsing_takes_the_same_number_of_queries_for_5_and_50_rows(street_clerk, station):
    queries = []
    for size in (5, 50):
        data = workbook([certified(seq, station) for seq in range(size)])
        with CaptureQueriesContext(connection) as captured:
            plan = roster.parse(data, street=station.street, user=street_clerk)
        assert (plan.errors, plan.creates) == ([], size)
        queries.append(len(captured))
    assert queries[0] == queries[1] <= 7


def test_without_defusedxml_nothing_is_read(street_clerk, station, monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    plan = roster.parse(workbook([row(1, station)]), street=station.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["服务器当前无法安全读取工作簿，请联系系统管理员。"]
    assert written() == (0, 0, 0)
