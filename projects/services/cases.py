"""Writes to case studies (C2/C3, §5(4)): add, edit (optionally replacing the document) and
delete, each validated whole, versioned and audited.

A document is a ``.docx`` or ``.pdf`` of at most ``MAX_CASE_FILE_SIZE``, checked by
extension and by content before anything is written. It is stored under a random name
(``case_study_file_path``); the uploaded name, cleaned, is kept only for display and
download. A refusal leaves nothing behind: no row, no file on disk. A replaced or deleted
document leaves the disk once the change is committed.

The checks follow ``supervision.services.files``, written again here: projects may not
import supervision.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from shangcheng.uploads import clean_file_name, office_file_ok
from shangcheng.versioning import StaleEdit as StaleEdit  # re-exported: views catch it here
from shangcheng.versioning import lock_versioned
from stations.models import Unit

from ..models import CaseStudy

MAX_CASE_FILE_SIZE = 20 * 1024 * 1024
# Extension → how such a file begins (its "magic" bytes). Only these two: a case study is
# a written document (C2/C3), not a picture or a workbook.
FILE_TYPES = {".pdf": b"%PDF", ".docx": b"PK\x03\x04"}
DOCX_MAIN_PART = "word/document.xml"
MAX_ZIP_ENTRIES = 10_000
MAX_NAME_LENGTH = 200  # CaseStudy.file_name


def _file_refusal(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def check_case_file(upload) -> tuple[str, str]:
    """The cleaned name and extension of an acceptable ``upload``; a refusal on ``file``
    (codes ``file_type``, ``file_size``, ``file_empty``, ``file_content``) otherwise."""
    name = clean_file_name(upload.name)
    ext = PurePath(name).suffix.lower()
    if ext not in FILE_TYPES:
        raise _file_refusal(
            _("Only Word (.docx) or PDF documents can be attached to a case study."),
            "file_type",
        )
    if upload.size > MAX_CASE_FILE_SIZE:
        raise _file_refusal(
            _("The file is larger than %(max)s MB.") % {"max": MAX_CASE_FILE_SIZE // (1024 * 1024)},
            "file_size",
        )
    if upload.size == 0:
        raise _file_refusal(_("The file is empty."), "file_empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(FILE_TYPES[ext]) or (
        ext == ".docx" and not office_file_ok(upload, DOCX_MAIN_PART, MAX_ZIP_ENTRIES)
    ):
        raise _file_refusal(
            _(
                "The content of this file is not a %(type)s file (or it contains macros); "
                "save it again as %(type)s and attach that."
            )
            % {"type": ext[1:].upper()},
            "file_content",
        )
    return name, ext


def _store(case: CaseStudy, upload, *, name: str, ext: str, actor) -> str:
    """Save ``upload`` under a random name in the case study's year; the stored path."""
    case.file.save(f"upload{ext}", upload, save=False)
    case.file_name = name
    case.file_size = upload.size
    case.uploaded_by = actor
    return case.file.name


def _audit(event: str, case: CaseStudy, *, actor, ip, detail: str) -> None:
    AuditEvent.objects.record(event=event, actor=actor, ip=ip, obj=case, detail=detail)


def _file_detail(case: CaseStudy) -> str:
    if not case.file:
        return "no document"
    return f"document {case.file_name} ({case.file_size} bytes) at {case.file.name}"


def case_study_add(
    *,
    unit: Unit,
    actor: User,
    ip: str | None = None,
    year: int,
    title: str,
    field: str = "",
    summary: str = "",
    upload=None,
) -> CaseStudy:
    """C2/C3: a case study of ``unit`` in ``year``, with its document if one is given."""
    checked = check_case_file(upload) if upload else None
    case = CaseStudy(unit=unit, year=year, title=title, field=field, summary=summary)
    stored = None
    try:
        with transaction.atomic():
            case.full_clean()  # before the file touches the disk
            if checked:
                stored = _store(case, upload, name=checked[0], ext=checked[1], actor=actor)
            case.save()
            _audit(
                "case_study_add",
                case,
                actor=actor,
                ip=ip,
                detail=f"{unit.name} {year}; {_file_detail(case)}",
            )
    except BaseException:
        # Nothing was written: nor is anything left on disk.
        if stored:
            case.file.storage.delete(stored)
        raise
    return case


def _lock(case: CaseStudy, version: int) -> CaseStudy:
    """The case study, locked; ``StaleEdit`` if it changed, or was deleted, meanwhile."""
    try:
        return lock_versioned(CaseStudy, pk=case.pk, version=version)
    except CaseStudy.DoesNotExist:
        raise StaleEdit() from None


def _changes(case: CaseStudy, data: dict) -> list[str]:
    return [
        f"{key}: {getattr(case, key)!r} → {value!r}"
        for key, value in data.items()
        if getattr(case, key) != value
    ]


def case_study_update(
    *,
    case: CaseStudy,
    version: int,
    actor: User,
    ip: str | None = None,
    year: int,
    title: str,
    field: str = "",
    summary: str = "",
    upload=None,
) -> CaseStudy:
    """Save the edited case study unless someone changed it after the form was opened
    (``StaleEdit``); a new ``upload`` replaces the document, and the old one leaves the disk
    once the edit is committed."""
    checked = check_case_file(upload) if upload else None
    data = {"year": year, "title": title, "field": field, "summary": summary}
    stored = None
    try:
        with transaction.atomic():
            current = _lock(case, version)
            changes = _changes(current, data)
            for key, value in data.items():
                setattr(current, key, value)
            current.full_clean()
            storage, old = current.file.storage, current.file.name
            if checked:
                stored = _store(current, upload, name=checked[0], ext=checked[1], actor=actor)
                changes.append(f"replaced {old or 'no document'} by {_file_detail(current)}")
            current.save()  # Versioned bumps the version
            _audit(
                "case_study_edit",
                current,
                actor=actor,
                ip=ip,
                detail="; ".join(changes) or "no change",
            )
            if stored and old:
                transaction.on_commit(lambda: storage.delete(old))
    except BaseException:
        if stored:
            current.file.storage.delete(stored)
        raise
    return current


@transaction.atomic
def case_study_delete(*, case: CaseStudy, version: int, actor: User, ip: str | None = None):
    """Delete, unless someone changed it after the confirmation page was opened or an award
    (G5) names it; its document leaves the disk once the delete is committed."""
    current = _lock(case, version)
    if current.awards.exists():
        raise ValidationError(
            _("An award names this case study; remove the award first."), code="has_awards"
        )
    storage, stored = current.file.storage, current.file.name
    detail = f"{current.unit.name} {current.year} {current.title}; {_file_detail(current)}"
    current.delete()
    _audit("case_study_delete", current, actor=actor, ip=ip, detail=detail)
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
