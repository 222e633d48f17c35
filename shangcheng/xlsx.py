"""Excel workbooks from outside and to outside: the upload checks and the safe text cell.

A base module (``shangcheng/__init__.py``): it imports nothing of the apps. Uploads are
checked before openpyxl sees them (SECURITY.md: ``.xlsx`` only, by content, bounded size,
entry count and unpacked size, no macros, no DTDs) and read through defusedxml only; an
export writes every text cell as text, never as a formula (TESTING.md "Excel").
"""

import zipfile
import zlib
from io import BytesIO

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

MB = 1024 * 1024
MAX_ENTRIES = 500  # a workbook has about ten parts
MAX_UNPACKED_BYTES = 50 * MB  # a 5,000-row roster unpacks to about 4 MB
MAX_RATIO = 100  # a full roster compresses about 20:1
RATIO_FROM_BYTES = 1 * MB  # smaller parts cannot hurt, whatever their ratio
# A spreadsheet reads a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected workbooks
_ZIP_MAGIC = b"PK\x03\x04"
_MACRO_MARKS = (b"vbaProject", b"macroEnabled", b"macrosheet")
# A DTD is where an XML bomb's entities live; no workbook part needs one.
_DTD_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_XML_PARTS = (".xml", ".rels", ".vml")


class UnsafeReader(RuntimeError):
    """openpyxl would parse without defusedxml (``OPENPYXL_DEFUSEDXML=False``?)."""


def check_xlsx_upload(
    uploaded_file,
    *,
    max_bytes: int,
    max_entries: int = MAX_ENTRIES,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_RATIO,
) -> bytes:
    """The bytes of a plain ``.xlsx`` within the limits; else ``ValidationError`` in Chinese.

    ``uploaded_file`` is a Django ``UploadedFile``: its name, size and at most
    ``max_bytes + 1`` of its bytes are looked at.
    """
    if not (uploaded_file.name or "").lower().endswith(".xlsx"):
        raise ValidationError(
            _("Upload an Excel workbook saved as .xlsx; .xls, .xlsm, .csv and others are refused."),
            code="extension",
        )
    data = uploaded_file.read(max_bytes + 1)
    if uploaded_file.size > max_bytes or len(data) > max_bytes:
        message = _("The file is larger than %(max)s MB.")
        raise ValidationError(message % {"max": max_bytes // MB}, code="size")
    if data.startswith(_OLE_MAGIC):
        raise ValidationError(
            _("This is an old .xls workbook or a password-protected one; save it as .xlsx."),
            code="ole",
        )
    if not data.startswith(_ZIP_MAGIC):
        raise ValidationError(_("By its content this file is not an .xlsx workbook."), "content")
    limits = (max_entries, max_unpacked_bytes, max_ratio)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_archive(archive, *limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error) as e:
        raise _damaged() from e
    except (RuntimeError, NotImplementedError, EOFError, OSError, ValueError) as e:
        raise _damaged() from e  # encrypted parts, unknown compression, truncated data
    return data


def _damaged() -> ValidationError:
    return ValidationError(_("The file is damaged or not an .xlsx workbook."), code="damaged")


def _check_archive(archive: zipfile.ZipFile, max_entries, max_unpacked_bytes, max_ratio) -> None:
    """Zip bombs, macros and DTDs (XML bombs) are refused before openpyxl sees the file."""
    entries = archive.infolist()
    if len(entries) > max_entries:
        message = _("The workbook has %(count)s parts; at most %(max)s are accepted.")
        raise ValidationError(message % {"count": len(entries), "max": max_entries}, "entries")
    # zipfile never yields more than the declared size of a part (it fails the CRC instead),
    # so the declared sizes bound what reading the file can cost.
    if sum(entry.file_size for entry in entries) > max_unpacked_bytes:
        message = _("The workbook unpacks to more than %(max)s MB.")
        raise ValidationError(message % {"max": max_unpacked_bytes // MB}, "unpacked")
    if any(_suspicious_ratio(entry, max_ratio) for entry in entries):
        message = _("A part of the workbook is compressed beyond %(ratio)s:1 (a zip bomb).")
        raise ValidationError(message % {"ratio": max_ratio}, "ratio")
    names = {entry.filename.lower() for entry in entries}
    if "[content_types].xml" not in names:
        raise _damaged()
    types = archive.read("[Content_Types].xml")
    if any(mark in types for mark in _MACRO_MARKS) or any("vbaproject" in n for n in names):
        raise ValidationError(
            _("The workbook contains macros; save it as .xlsx without macros."), "macro"
        )
    for entry in entries:
        if entry.filename.lower().endswith(_XML_PARTS):
            if any(mark in archive.read(entry) for mark in _DTD_MARKS):
                message = _("The workbook contains an XML document type declaration (DTD).")
                raise ValidationError(message, "dtd")


def _suspicious_ratio(entry: zipfile.ZipInfo, max_ratio: int) -> bool:
    return entry.file_size > RATIO_FROM_BYTES and (
        entry.file_size > max_ratio * max(entry.compress_size, 1)
    )


def open_checked(data: bytes):
    """A read-only workbook of bytes ``check_xlsx_upload`` passed, parsed through defusedxml.

    Raises ``UnsafeReader`` when openpyxl would read without defusedxml (and so expand an XML
    bomb); any other error is the file's: read-only mode parses lazily, so the caller also
    expects errors while iterating the rows.
    """
    if openpyxl.DEFUSEDXML is not True:
        raise UnsafeReader("openpyxl reads without defusedxml")
    return openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)


def text_cell(sheet, value):
    """A cell holding ``value`` as text, for ``sheet.append`` (write-only sheets too).

    A text that a spreadsheet would run as a formula (``= + - @``, tab or CR first) is
    stored as a string and shown with Excel's text prefix; characters a workbook cannot
    hold are dropped, so an export never fails on them.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell = WriteOnlyCell(sheet, value=text)
    if text.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
