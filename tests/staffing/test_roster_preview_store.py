"""The roster preview is computed once, at upload, and stored (issue #11, part 3).

The preview page reads ``RosterImport.preview`` and never the file: it renders with the file
gone and with the parser and the workbook reader made to fail. A file that can never be
confirmed (refused by the checks, or with errors) is not kept at all. The confirmation still
re-reads and re-checks the kept file, all or nothing; the stored preview goes with it.
"""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from staffing import roster
from staffing.models import RosterImport
from staffing.tasks import expire_roster_previews
from tests.factories import PersonFactory
from tests.staffing.roster_files import (
    HEADERS,
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
    return workbook([certified(1, station, post="站长"), row(2, station, male=False)])


@pytest.fixture
def clerk(client_for, street_clerk):
    return client_for(street_clerk)


def _no_reading():
    """Patches that fail the test if anything parses or opens a workbook."""
    boom = mock.Mock(side_effect=AssertionError("the preview read the file"))
    return [
        mock.patch("staffing.roster.importer.parse", boom),
        mock.patch("staffing.roster.parse", boom),
        mock.patch("staffing.roster.importer.open_checked", boom),
    ], boom


def test_the_dry_run_is_stored_at_upload_with_id_numbers_masked(clerk, street, good_file):
    post_upload(clerk, street, good_file)
    record = RosterImport.objects.get()
    preview = record.preview
    assert (preview["data_rows"], preview["creates"], preview["error_count"]) == (2, 2, 0)
    assert [r["number"] for r in preview["rows"]] == [2, 3]
    first = preview["rows"][0]
    assert first["id_number"] == "330***********" + id_number(1)[-4:]
    assert (first["action"], first["post"], first["certificate"]) == ("create", "站长", "added")
    stored = json.dumps(preview, ensure_ascii=False)
    for secret in (id_number(1), id_number(2, male=False), "13900000001", "ZS2020000001"):
        assert secret not in stored  # no whole ID number, mobile or certificate number


def test_the_preview_renders_without_the_file_and_without_parsing(clerk, street, good_file):
    post_upload(clerk, street, good_file)
    record = RosterImport.objects.get()
    RosterImport.objects.filter(pk=record.pk).update(content=b"")  # the file is gone
    patches, boom = _no_reading()
    for patch in patches:
        patch.start()
    try:
        response = clerk.get(preview_url(record))
    finally:
        for patch in patches:
            patch.stop()
    assert boom.call_count == 0
    assert response.status_code == 200
    body = response.content.decode()
    assert "共 2 行：新增人员 2 人，更新 0 条，无变化 0 条，错误 0 处。" in body
    assert "确认导入" in body and "330***********" in body and id_number(1) not in body


def test_a_file_with_row_errors_is_not_kept_and_its_errors_are_shown(clerk, street, station):
    bad = row(2, station)
    bad[2] = bad[2][:17] + ("0" if bad[2][17] != "0" else "1")  # a wrong check digit
    post_upload(clerk, street, workbook([row(1, station), bad]))
    record = RosterImport.objects.get()
    assert (record.status, bytes(record.content), record.errors) == ("failed", b"", 1)
    assert record.preview["rows"] == []  # the valid rows of a failed file are not kept
    body = clerk.get(preview_url(record)).content.decode()
    assert "<td>3</td><td>身份证号</td><td>身份证号码校验码有误。</td>" in body
    assert "确认导入" not in body

    response = clerk.post(confirm_url(record), follow=True)
    assert "未写入任何数据" in response.content.decode()
    assert written() == (0, 0, 0)


@pytest.mark.parametrize(
    "data",
    [
        workbook([["x"] * len(HEADERS)], headers=["姓名", "错误的列"]),  # header differs
        workbook([], sheet="Sheet1"),  # no roster sheet
        b"PK\x03\x04" + b"\0" * 64,  # zip magic, but not a workbook
    ],
)
def test_a_file_refused_whole_is_not_kept(clerk, street, data):
    post_upload(clerk, street, data)
    record = RosterImport.objects.first()
    if record is not None:  # refused by the upload checks: no record at all
        assert (record.status, bytes(record.content)) == ("failed", b"")
        assert record.preview["error_count"] >= 1
    assert written() == (0, 0, 0)


def test_the_stored_rows_stop_at_the_shown_number(street_clerk, street, station):
    data = workbook([row(seq, station) for seq in range(5)])
    record, plan = roster.preview(
        street=street, user=street_clerk, file_name="名册.xlsx", data=data, shown=2
    )
    assert len(plan.rows) == 5
    assert (record.preview["row_count"], len(record.preview["rows"])) == (5, 2)


def test_confirm_checks_again_and_the_preview_goes_with_the_file(
    clerk, street, station, other_street
):
    post_upload(clerk, street, workbook([row(1, station), row(2, station)]))
    record = RosterImport.objects.get()
    # After the preview, the second person is registered on another street.
    PersonFactory(street=other_street, name="张后到", id_number=id_number(2))
    before = written()
    clerk.post(confirm_url(record))
    assert written() == before  # all or nothing: the first row was not written either
    record.refresh_from_db()
    assert (record.status, bytes(record.content), record.preview) == ("failed", b"", {})


def test_an_applied_import_keeps_only_its_counts(clerk, street, good_file):
    post_upload(clerk, street, good_file)
    record = RosterImport.objects.get()
    clerk.post(confirm_url(record))
    record.refresh_from_db()
    assert (record.status, bytes(record.content), record.preview) == ("applied", b"", {})
    assert "共 2 行，新增人员 2 人，更新 0 条。" in clerk.get(preview_url(record)).content.decode()


def test_stored_previews_lapse_after_seven_days(clerk, street, station, good_file):
    post_upload(clerk, street, good_file)
    bad = workbook([row(1, "没有的单位")])
    post_upload(clerk, street, bad)
    post_upload(clerk, street, good_file)
    old_good, old_bad, fresh = RosterImport.objects.order_by("pk")
    eight_days_ago = timezone.now() - timedelta(days=8)
    RosterImport.objects.filter(pk__in=[old_good.pk, old_bad.pk]).update(created_at=eight_days_ago)
    assert expire_roster_previews() == 1  # one preview lapsed; the failed one was failed
    for record in (old_good, old_bad, fresh):
        record.refresh_from_db()
    assert (old_good.status, bytes(old_good.content), old_good.preview) == ("failed", b"", {})
    assert (old_bad.status, old_bad.preview) == ("failed", {})
    assert fresh.status == "previewed" and fresh.preview["rows"]
    assert bytes(fresh.content)
