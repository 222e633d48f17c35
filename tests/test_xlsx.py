"""The base module ``shangcheng.xlsx``: upload checks with a caller's limits, the defused
reader, and the text cell of exports (TESTING.md "Excel")."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shangcheng import xlsx


def workbook_bytes(*rows, write_only=False) -> bytes:
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    for values in rows:
        sheet.append([xlsx.text_cell(sheet, value) for value in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "book.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(data: bytes, name: str = "book.xlsx", **limits) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        xlsx.check_xlsx_upload(upload(data, name), **{"max_bytes": xlsx.MB, **limits})
    return refused.value


def test_a_plain_workbook_passes_and_its_bytes_are_returned():
    data = workbook_bytes(["a", "b"])
    assert xlsx.check_xlsx_upload(upload(data), max_bytes=xlsx.MB) == data


def test_the_callers_limits_apply():
    data = workbook_bytes(["a", "b"])
    assert refusal(data, max_bytes=100).code == "size"
    assert refusal(data, max_entries=3).code == "entries"
    assert refusal(data, max_unpacked_bytes=100).code == "unpacked"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"PK\x03\x04", "book.xls", "extension"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "book.xlsx", "ole"),
        (b"a,b\n1,2\n", "book.xlsx", "content"),
        (b"PK\x03\x04" + bytes(64), "book.xlsx", "damaged"),
    ],
)
def test_what_is_not_a_plain_xlsx_is_refused_in_chinese(data, name, code):
    error = refusal(data, name)
    assert error.code == code
    assert any("\u4e00" <= char <= "\u9fff" for char in error.messages[0])


def test_the_reader_refuses_to_parse_without_defusedxml(monkeypatch):
    data = workbook_bytes(["a"])
    assert xlsx.open_checked(data).active["A1"].value == "a"
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(xlsx.UnsafeReader):
        xlsx.open_checked(data)


@pytest.mark.parametrize("write_only", [False, True])
def test_text_cells_that_look_like_formulas_stay_text(write_only):
    texts = ["=1+1", "+86 138", "-3", "@SUM(A1)", "\t=cmd", "\r=cmd", "张三", "a=b"]
    data = workbook_bytes(texts, write_only=write_only)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = sheet[1]
    assert [cell.value for cell in cells] == texts
    assert {cell.data_type for cell in cells} == {"s"}
    assert [cell.quotePrefix for cell in cells] == [True] * 6 + [False] * 2


def test_text_cells_drop_what_a_workbook_cannot_hold():
    data = workbook_bytes(["张\x00三\x1f", None, 12])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [cell.value for cell in sheet[1]] == ["张三", None, "12"]
