"""Roster import: dry run with preview, one-transaction apply, scope and audit.

Every test that expects a refusal also checks that nothing was written.
"""

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse

from accounts.models import AuditEvent
from staffing import roster
from staffing.models import Person, Post, RosterImport
from tests.factories import PersonFactory, PostFactory
from tests.staffing.roster_files import (
    certified,
    confirm_url,
    id_number,
    post_upload,
    preview_url,
    row,
    workbook,
    written,
)


@pytest.fixture
def good_file(station, workroom):
    return workbook(
        [
            certified(1, station, post="站长"),
            row(2, station, male=False),
            certified(3, workroom, cert_level="社会工作师", cert_issued=date(2021, 5, 1)),
        ]
    )


def test_good_file_previews_creates_and_confirm_writes_people_certificates_posts(
    client_for, street_clerk, street, station, workroom, good_file
):
    client = client_for(street_clerk)
    response = post_upload(client, street, good_file)
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
    client_for, street_clerk, street, good_file
):
    client = client_for(street_clerk)
    post_upload(client, street, good_file)
    client.post(confirm_url(RosterImport.objects.get()))
    before = written()

    post_upload(client, street, good_file)
    again = RosterImport.objects.latest("pk")
    assert (again.creates, again.updates, again.errors) == (0, 0, 0)
    assert "无变化 3 条" in client.get(preview_url(again)).content.decode()
    client.post(confirm_url(again))
    assert written() == before
    again.refresh_from_db()
    assert again.status == "applied"


def test_an_existing_person_of_the_street_is_updated_not_duplicated(
    client_for, street_clerk, street, station
):
    client = client_for(street_clerk)
    post_upload(client, street, workbook([row(5, station)]))
    client.post(confirm_url(RosterImport.objects.get()))
    changed = workbook([row(5, station, mobile="13900001111", name="张新名")])

    post_upload(client, street, changed)
    record = RosterImport.objects.latest("pk")
    assert (record.creates, record.updates) == (0, 1)
    client.post(confirm_url(record))
    person = Person.objects.get()
    assert (person.mobile, person.name, person.version) == ("13900001111", "张新名", 2)
    assert written() == (1, 0, 1)


def test_one_bad_row_among_200_is_listed_by_row_and_column_and_nothing_is_written(
    client_for, street_clerk, street, station
):
    client = client_for(street_clerk)
    rows = [row(seq, station) for seq in range(200)]
    bad = rows[148][2]  # Excel row 150: the header is row 1
    rows[148][2] = bad[:17] + ("0" if bad[17] != "0" else "1")
    post_upload(client, street, workbook(rows))
    record = RosterImport.objects.get()
    assert (record.rows, record.errors) == (200, 1)

    body = client.get(preview_url(record)).content.decode()
    assert "<td>150</td><td>身份证号</td><td>身份证号码校验码有误。</td>" in body
    assert "确认导入" not in body
    # It can never be confirmed: the file is not kept, only the errors the page shows.
    assert (record.status, bytes(record.content)) == ("failed", b"")
    assert record.preview["errors"] == [
        {"row": 150, "column": "身份证号", "message": "身份证号码校验码有误。"}
    ]

    response = client.post(confirm_url(record), follow=True)
    assert "未写入任何数据" in response.content.decode()
    assert written() == (0, 0, 0)
    record.refresh_from_db()
    assert record.status == "failed"


def test_a_unit_of_another_street_is_refused_on_the_unit_column(
    client_for, street_clerk, street, station, other_station
):
    client = client_for(street_clerk)
    rows = [row(1, station), row(2, other_station), row(3, station)]
    post_upload(client, street, workbook(rows))
    plan = roster.parse(workbook(rows), street=station.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == [
        "第 3 行“单位”：不属于本街道：本街道没有此名称的站（室）。"
    ]
    client.post(confirm_url(RosterImport.objects.get()))
    assert written() == (0, 0, 0)


def test_a_clerk_gets_404_for_another_streets_import(
    client_for, street_clerk, other_street_clerk, other_street, other_station
):
    post_upload(client_for(other_street_clerk), other_street, workbook([row(1, other_station)]))
    record = RosterImport.objects.get()
    client = client_for(street_clerk)
    assert client.get(preview_url(record)).status_code == 404
    assert client.post(confirm_url(record)).status_code == 404
    assert written() == (0, 0, 0)
    record.refresh_from_db()
    assert record.status == "previewed"


def test_a_clerk_cannot_upload_into_another_street(
    client_for, street_clerk, station, other_street, other_station
):
    client = client_for(street_clerk)
    data = workbook([row(1, other_station)])
    response = post_upload(client, other_street, data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not RosterImport.objects.exists()
    with pytest.raises(Http404):
        roster.parse(data, street=other_street, user=street_clerk)
    assert written() == (0, 0, 0)


def test_the_district_picks_the_street(
    client_for, district_user, street, station, other_street, other_station
):
    client = client_for(district_user)
    body = client.get(reverse("staffing:roster_upload")).content.decode()
    assert street.name in body and other_street.name in body
    post_upload(client, other_street, workbook([row(1, other_station)]))
    record = RosterImport.objects.get()
    assert record.street == other_street
    client.post(confirm_url(record))
    assert Person.objects.get().street == other_street
    # The same rows named for the wrong street: its unit is not there.
    post_upload(client, street, workbook([row(2, other_station)]))
    assert RosterImport.objects.latest("pk").errors == 1


def test_confirming_twice_writes_once(client_for, street_clerk, street, good_file):
    client = client_for(street_clerk)
    post_upload(client, street, good_file)
    record = RosterImport.objects.get()
    client.post(confirm_url(record))
    response = client.post(confirm_url(record), follow=True)
    assert "该文件已于" in response.content.decode()
    assert written() == (3, 2, 3)
    with pytest.raises(roster.RosterRefused):
        roster.confirm(record=record, user=street_clerk)
    assert written() == (3, 2, 3)


def test_upload_and_confirm_are_audited_with_row_counts(
    client_for, street_clerk, street, good_file
):
    client = client_for(street_clerk)
    post_upload(client, street, good_file)
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


def test_a_refused_upload_is_audited_as_a_failure(client_for, street_clerk, street):
    client = client_for(street_clerk)
    post_upload(client, street, b"not a workbook")
    event = AuditEvent.objects.get(event="roster_preview")
    assert (event.event, event.result) == ("roster_preview", "failure")
    assert "file" in event.detail


def test_a_change_between_preview_and_confirm_rolls_the_whole_import_back(
    client_for, street_clerk, street, station, workroom
):
    client = client_for(street_clerk)
    post_upload(client, street, workbook([row(1, station), row(2, station), row(3, station)]))
    record = RosterImport.objects.get()
    plan = roster.parse(bytes(record.content), street=street, user=street_clerk)
    # Someone creates the third person with a post elsewhere after the preview.
    late = PersonFactory(street=street, name="张后到", gender="male", id_number=id_number(3))
    PostFactory(person=late, unit=workroom, start=date(2020, 1, 1))
    with pytest.raises(roster.RosterRefused) as refused:
        roster.apply(plan, user=street_clerk)
    assert refused.value.errors[0].row == 4
    assert written() == (1, 0, 1)  # the first two rows were rolled back
