"""Roster workbooks built in memory with openpyxl, and the steps of an upload, for the
roster tests (template, checks, import, upload security)."""

import io
from datetime import date

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffing.models import Certificate, Person, Post
from staffing.roster import COLUMNS
from staffing.validators import id_check_char

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKROOM_POST = "社区“社会工作”岗专职社工"
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
        "social_work_degree": None,
        "unit": unit.name if hasattr(unit, "name") else unit,
        "post": "专职社工" if getattr(unit, "kind", "station") == "station" else WORKROOM_POST,
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


def written() -> tuple[int, int, int]:
    return Person.objects.count(), Certificate.objects.count(), Post.objects.count()


def post_upload(client, street, data, *, name="名册.xlsx"):
    """Upload ``data`` for ``street`` through the page, as the client's logged-in user."""
    return client.post(
        reverse("staffing:roster_upload"), {"street": street.pk, "file": upload(data, name)}
    )


def preview_url(record) -> str:
    return reverse("staffing:roster_preview", args=[record.pk])


def confirm_url(record) -> str:
    return reverse("staffing:roster_confirm", args=[record.pk])
