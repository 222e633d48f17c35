"""Files attached to a monthly evaluation: the supervisor adds or removes them while the
evaluation may still be edited (at most ``MAX_FILES``, each at most ``MAX_FILE_SIZE``, of the
``FILE_TYPES`` only, checked by extension and by content); each change is an "edit" step of
the evaluation naming the file, and audited."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from shangcheng.uploads import clean_file_name, office_file_ok

from ..models import EvaluationEvent, EvaluationFile, MonthlyEvaluation
from .evaluations import not_editable_error, refusal

Action = EvaluationEvent.Action

MAX_FILES = 10
MAX_FILE_SIZE = 10 * 1024 * 1024
# Extension → how such a file begins (its "magic" bytes).
FILE_TYPES = {
    ".pdf": b"%PDF",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
}
# The part an Office file of the type must hold; no macros (vbaProject.bin) in any.
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
MAX_ZIP_ENTRIES = 10_000


def _file_refusal(message, code: str) -> ValidationError:
    return refusal("file", message, code)


def _check_may_change_files(evaluation: MonthlyEvaluation, actor) -> None:
    """Only the evaluation's own supervisor, and only while it is a draft or returned."""
    if actor is None or evaluation.supervisor.user_id != actor.pk:
        raise _file_refusal(
            _("Only the supervisor who wrote this evaluation may change its files."), "not_owner"
        )
    if not evaluation.editable:
        raise _file_refusal(" ".join(not_editable_error(evaluation).messages), "not_editable")


def _check_upload(upload, name: str) -> str:
    """The extension of an acceptable ``upload``; a refusal on ``file`` otherwise."""
    allowed = " ".join(FILE_TYPES)
    ext = PurePath(name).suffix.lower()
    if ext not in FILE_TYPES:
        raise _file_refusal(
            _("Files of this type cannot be attached; allowed: %(types)s.") % {"types": allowed},
            "file_type",
        )
    if upload.size > MAX_FILE_SIZE:
        raise _file_refusal(
            _("The file is larger than %(max)s MB.") % {"max": MAX_FILE_SIZE // (1024 * 1024)},
            "file_size",
        )
    if upload.size == 0:
        raise _file_refusal(_("The file is empty."), "file_empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    magic = FILE_TYPES[ext]
    if not head.startswith(magic) or (
        ext in OFFICE_PARTS and not office_file_ok(upload, OFFICE_PARTS[ext], MAX_ZIP_ENTRIES)
    ):
        raise _file_refusal(
            _(
                "The content of this file is not a %(type)s file (or it contains macros); "
                "save it again as %(type)s and attach that."
            )
            % {"type": ext[1:].upper()},
            "file_content",
        )
    return ext


def _record_file(evaluation, comment: str, *, actor, ip, obj, detail: str) -> None:
    EvaluationEvent.objects.create(
        evaluation=evaluation, action=Action.EDIT, actor=actor, comment=comment[:500]
    )
    AuditEvent.objects.record(event="evaluation_file", actor=actor, ip=ip, obj=obj, detail=detail)


def evaluation_file_add(
    *, evaluation: MonthlyEvaluation, upload, actor: User, ip: str | None = None
) -> EvaluationFile:
    """Attach ``upload`` (an ``UploadedFile``) to the actor's own editable evaluation. It is
    stored under a random name; its original name is kept for display and download."""
    name = clean_file_name(upload.name)
    ext = _check_upload(upload, name)
    stored = None
    try:
        with transaction.atomic():
            current = (
                MonthlyEvaluation.objects.select_related("supervisor")
                .select_for_update(of=("self",))
                .get(pk=evaluation.pk)
            )
            _check_may_change_files(current, actor)
            if current.files.count() >= MAX_FILES:
                raise _file_refusal(
                    _("An evaluation has at most %(n)d files; remove one first.")
                    % {"n": MAX_FILES},
                    "too_many_files",
                )
            attached = EvaluationFile(
                evaluation=current, name=name, size=upload.size, uploaded_by=actor
            )
            attached.file.save(f"upload{ext}", upload, save=False)
            stored = attached.file.name
            attached.save()
            _record_file(
                current,
                _("File attached: %(name)s") % {"name": name},
                actor=actor,
                ip=ip,
                obj=current,
                detail=f"add {name} ({upload.size} bytes) as {stored}",
            )
    except BaseException:
        # Nothing was written: nor is anything left on disk.
        if stored:
            attached.file.storage.delete(stored)
        raise
    return attached


@transaction.atomic
def evaluation_file_delete(*, file: EvaluationFile, actor: User, ip: str | None = None) -> None:
    """Remove a file of the actor's own editable evaluation; the stored file goes once the
    removal is committed."""
    current = (
        MonthlyEvaluation.objects.select_related("supervisor")
        .select_for_update(of=("self",))
        .get(pk=file.evaluation_id)
    )
    _check_may_change_files(current, actor)
    row = EvaluationFile.objects.filter(pk=file.pk, evaluation=current).first()
    if row is None:  # removed meanwhile (another tab)
        return
    storage, stored = row.file.storage, row.file.name
    row.delete()
    _record_file(
        current,
        _("File removed: %(name)s") % {"name": row.name},
        actor=actor,
        ip=ip,
        obj=current,
        detail=f"delete {row.name} ({row.size} bytes) at {stored}",
    )
    transaction.on_commit(lambda: storage.delete(stored))
