"""Roster import: the checks of every row, cell by cell and against the street, the rows
before it and the sheet; every problem is named by row and column and nothing is written.
"""

from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from staffing import roster
from tests.factories import PersonFactory, PostFactory
from tests.staffing.roster_files import HEADERS, certified, id_number, row, workbook, written


def test_a_person_on_another_streets_roster_is_refused_on_the_id_number(
    street_clerk, station, other_street
):
    PersonFactory(street=other_street, name="李其他", gender="male", id_number=id_number(7))
    data = workbook([row(7, station)])
    plan = roster.parse(data, street=station.street, user=street_clerk)
    # The words do not say that the number exists (tests/staffing/test_identity_*.py).
    assert [str(e) for e in plan.errors] == [
        "第 2 行“身份证号”：此身份证号码不能在本街道花名册中登记。"
        "如此人在其他街道任职，请联系区民政局办理调动。"
    ]
    with pytest.raises(roster.RosterRefused):
        roster.apply(plan, user=street_clerk)
    assert written() == (1, 0, 0)


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
        row(10, station, post="社区“社会工作”岗专职社工"),
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
    # S4 allows one post at a time, so the same person appears twice with the same post.
    rows = [
        row(1, station, post="站长"),
        row(1, station, post="站长"),
        row(1, station, post="站长", mobile="13900000000"),
    ]
    plan = roster.parse(workbook(rows), street=station.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["第 4 行“手机号”：与身份证号码相同的第 2 行不一致。"]
    plan = roster.parse(workbook(rows[:2]), street=station.street, user=street_clerk)
    assert plan.errors == []
    roster.apply(plan, user=street_clerk)
    assert written() == (1, 0, 1)


def test_s4_conflicts_are_refused_against_the_roster_and_between_rows(
    street_clerk, street, station, workroom
):
    held = PersonFactory(street=street, name="王在岗", gender="male", id_number=id_number(1))
    PostFactory(person=held, unit=workroom, start=date(2020, 1, 1))
    rows = [row(1, station), row(2, station), row(2, workroom, start="2024-06-01")]
    plan = roster.parse(workbook(rows), street=street, user=street_clerk)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "任职开始日期"), (4, "任职开始日期")]
    assert "S4" in plan.errors[0].message and workroom.name in plan.errors[0].message
    assert plan.errors[1].message == "S4（§4(3)）专人专职：与第 3 行的岗位任职时间重叠。"
    assert written() == (1, 0, 1)


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


def test_a_concurrent_post_other_than_the_mixed_mode_head_is_refused_on_its_column(
    street_clerk, station
):
    """S4: every post but the mixed-mode head is full-time (station here is self-operated)."""
    plan = roster.parse(
        workbook([row(1, station, post="站长", full_time="否")]),
        street=station.street,
        user=street_clerk,
    )
    assert [(e.row, e.column) for e in plan.errors] == [(2, "专职")]
    assert "只有混合运营社会工作站的站长可以登记为兼任" in plan.errors[0].message
    assert written() == (0, 0, 0)


def test_the_social_work_degree_column_is_read_and_blank_keeps_the_record(street_clerk, workroom):
    """W1: a degree qualifies an uncertified worker; a blank cell on update changes nothing."""
    from staffing.models import Person

    street = workroom.street
    plan = roster.parse(
        workbook([row(1, workroom, social_work_degree="是")]), street=street, user=street_clerk
    )
    roster.apply(plan, user=street_clerk)
    person = Person.objects.get()
    assert person.social_work_degree is True
    plan = roster.parse(workbook([row(1, workroom)]), street=street, user=street_clerk)
    roster.apply(plan, user=street_clerk)
    person.refresh_from_db()
    assert person.social_work_degree is True
