"""Roster uploads (SECURITY.md): .xlsx by content, ≤ 10 MB, zip bombs, macros, XML bombs.

Each bad file is refused with a Chinese message on the upload form (never a 500) and
nothing is written: no import record, no person, post or certificate.
"""

import io
import logging
import random
import zipfile

import openpyxl
import pytest
from defusedxml import EntitiesForbidden

from staffing import roster
from staffing.models import RosterImport
from tests.staffing.roster_files import post_upload, row, upload, workbook, written

BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
    ' uniqueCount="1"><si><t>&lol9;</t></si></sst>'
).encode()


def rebuilt(data: bytes, parts: dict[str, bytes], level: int | None = None) -> bytes:
    """The same package with parts replaced or added (deflated at ``level``)."""
    parts = dict(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = parts.pop(info.filename, None) or src.read(info)
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
        for name, body in parts.items():
            dst.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return out.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.fixture
def good(station) -> bytes:
    return workbook([row(1, station), row(2, station)])


@pytest.fixture
def refused(client_for, street_clerk, street):
    """Upload as the street clerk through the page; assert a clean refusal that wrote
    nothing; the page."""
    client = client_for(street_clerk)

    def upload_refused(data: bytes, name: str = "名册.xlsx") -> str:
        response = post_upload(client, street, data, name=name)
        assert response.status_code == 200
        assert not RosterImport.objects.exists()
        assert written() == (0, 0, 0)
        return response.content.decode()

    return upload_refused


def test_openpyxl_reads_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_good_workbook_passes_the_checks_unchanged(good):
    assert roster.check_upload(upload(good)) == good


def test_a_text_file_named_xlsx_is_refused_by_its_content(refused, station):
    body = refused("姓名,性别\n张三,男\n".encode())
    assert "经检查文件内容，该文件不是 .xlsx 格式的工作簿。" in body


@pytest.mark.parametrize("name", ["名册.xls", "名册.csv", "名册.xlsm", "名册"])
def test_other_file_types_are_refused_by_name(refused, good, name):
    body = refused(good, name=name)
    assert "请上传 .xlsx 格式的 Excel 文件" in body


def test_an_old_xls_workbook_renamed_xlsx_is_refused(refused, station):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    assert "旧版 .xls 格式或设有密码保护" in refused(ole)


def test_a_file_over_10_mb_is_refused(refused, good):
    big = good + bytes(10 * 1024 * 1024)  # still a zip by its first bytes
    assert "文件超过 10 MB。" in refused(big)


def test_an_empty_file_is_refused(refused, station):
    assert "所提交的是空文件。" in refused(b"")


def test_a_damaged_zip_is_refused(refused, good):
    assert "文件已损坏" in refused(good[: len(good) // 2])


def test_a_zip_bomb_part_is_refused_by_its_compression_ratio(refused, good):
    bomb = rebuilt(good, {"xl/media/zeros.bin": bytes(40 * 1024 * 1024)})
    assert len(bomb) < 200_000  # 40 MB of zeros deflate to about 40 kB
    assert "压缩比超过 100:1（疑似压缩炸弹）" in refused(bomb)


def test_a_workbook_that_unpacks_beyond_50_mb_is_refused(refused, good):
    # A random 16 kB block repeated deflates (fast level) about 60:1, under the ratio bound.
    noise = random.Random(7).randbytes(16 * 1024) * (51 * 64)
    data = rebuilt(good, {"xl/media/noise.bin": noise}, level=1)
    assert len(data) < 10 * 1024 * 1024
    assert "工作簿解压后超过 50 MB。" in refused(data)


def test_a_workbook_with_too_many_parts_is_refused(refused, good):
    extra = {f"xl/media/image{i}.png": b"x" for i in range(500)}
    body = refused(rebuilt(good, extra))
    assert "最多接受 500 个" in body


def test_a_workbook_with_a_vba_project_is_refused(refused, good):
    macro = rebuilt(good, {"xl/vbaProject.bin": b"\x00" * 512})
    assert "工作簿含有宏" in refused(macro)


def test_a_macro_content_type_is_refused(refused, good):
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        types = archive.read("[Content_Types].xml")
    macro_type = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", macro_type
    )
    assert macro_type in types
    macro = rebuilt(good, {"[Content_Types].xml": types})
    assert "工作簿含有宏" in refused(macro)


def test_an_xml_bomb_is_refused_by_the_upload_check(refused, good):
    bomb = with_shared_strings(good, BILLION_LAUGHS)
    assert "XML 文档类型声明（DTD）" in refused(bomb)


def with_shared_strings(data: bytes, body: bytes) -> bytes:
    """openpyxl writes inline strings; Excel writes a shared-strings part, declared so."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    types = types.replace(b"</Types>", override)
    return rebuilt(data, {"[Content_Types].xml": types, "xl/sharedStrings.xml": body})


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_an_xml_bomb_that_reaches_openpyxl_is_stopped_by_defusedxml(
    street_clerk, good, part, caplog
):
    """Even past the upload check, defusedxml refuses the entities: a clean error, no 500."""
    if part == "xl/sharedStrings.xml":
        bomb = with_shared_strings(good, BILLION_LAUGHS)
    else:
        bomb = rebuilt(good, {part: BILLION_LAUGHS.replace(b"sst", b"worksheet")})
    with caplog.at_level(logging.INFO, logger="staffing.roster"):
        plan = roster.parse(bomb, street=street_clerk.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["无法读取工作簿，请重新另存为 .xlsx 格式。"]
    error, causes = caplog.records[-1].exc_info[1], []
    while error is not None:
        causes.append(type(error))
        error = error.__cause__ or error.__context__
    assert EntitiesForbidden in causes
    with pytest.raises(roster.RosterRefused):
        roster.apply(plan, user=street_clerk)
    assert written() == (0, 0, 0)


def test_a_zip_that_is_no_workbook_is_refused(refused, street_clerk, station):
    data = zip_of({"readme.txt": b"hello"})
    assert "文件已损坏或不是 .xlsx 格式的工作簿。" in refused(data)
    plan = roster.parse(data, street=street_clerk.street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["无法读取工作簿，请重新另存为 .xlsx 格式。"]
