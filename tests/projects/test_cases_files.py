"""A case study's document (C2/C3): a .docx or .pdf only, checked by extension, size and
content before anything is written, stored under a random name, downloaded (audited) by
whoever sees the unit, replaced on edit and removed from disk once the change is committed.
Every refusal leaves nothing behind: no row, no file on disk, no audit of a write."""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from projects.models import CaseStudy
from projects.services import cases as services
from shangcheng.uploads import clean_file_name

SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
YEAR = 2024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _stored(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _pdf(name="独居老人个案.pdf", data=SMALL_PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _zip(name, *parts, macros=False):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return SimpleUploadedFile(name, stream.getvalue())


def _docx(name="社区融入案例.docx", **kwargs):
    return _zip(name, "word/document.xml", **kwargs)


def _add_url(unit):
    return reverse("projects:case_add", args=[unit.pk])


def _post_add(client, unit, upload=None, **overrides):
    data = {"year": YEAR, "title": "独居老人社区融入", "field": "为老服务", "summary": "三个月"}
    data.update(overrides)
    if upload is not None:
        data["file"] = upload
    return client.post(_add_url(unit), data)


def _add(unit, actor, upload=None, **overrides):
    fields = {"year": YEAR, "title": "独居老人社区融入", "field": "为老服务"}
    fields.update(overrides)
    return services.case_study_add(unit=unit, actor=actor, upload=upload, **fields)


# Upload and download


def test_upload_and_download_by_a_same_street_user(client_for, street_clerk, station, media):
    client = client_for(street_clerk)
    response = _post_add(client, station, _pdf())
    assert response.status_code == 302
    assert response.url == reverse("projects:cases", args=[station.pk]) + f"?year={YEAR}"
    case = CaseStudy.objects.get()
    assert (case.unit, case.year, case.file_name, case.file_size, case.uploaded_by) == (
        station,
        YEAR,
        "独居老人个案.pdf",
        len(SMALL_PDF),
        street_clerk,
    )
    # Stored under a random name in the case study's year, never the uploaded one.
    [path] = _stored(media)
    assert path.parent == media / "cases" / str(YEAR)
    assert len(path.stem) == 32 and path.suffix == ".pdf"
    assert path.read_bytes() == SMALL_PDF
    assert AuditEvent.objects.filter(event="case_study_add", user=street_clerk).count() == 1

    download = client.get(reverse("projects:case_file", args=[case.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SMALL_PDF
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("独居老人个案.pdf") in disposition
    assert "no-store" in download.headers["Cache-Control"]
    audit = AuditEvent.objects.get(event="case_file_download")
    assert (audit.user, audit.object) == (street_clerk, case.title)
    assert "独居老人个案.pdf" in audit.detail


def test_a_docx_is_accepted_and_the_workroom_user_downloads_it(
    client_for, community_user, workroom, media
):
    client = client_for(community_user)
    assert _post_add(client, workroom, _docx()).status_code == 302
    case = CaseStudy.objects.get()
    [path] = _stored(media)
    assert path.suffix == ".docx" and case.file_name == "社区融入案例.docx"
    download = client.get(reverse("projects:case_file", args=[case.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == path.read_bytes()


def test_a_case_study_without_a_document_is_saved_and_has_no_download(
    client_for, street_clerk, station, media
):
    client = client_for(street_clerk)
    assert _post_add(client, station).status_code == 302
    case = CaseStudy.objects.get()
    assert not case.file and case.file_name == "" and case.file_size is None
    assert _stored(media) == []
    assert client.get(reverse("projects:case_file", args=[case.pk])).status_code == 404
    assert not AuditEvent.objects.filter(event="case_file_download").exists()


def test_a_document_missing_on_disk_is_404(client_for, street_clerk, station, media):
    case = _add(station, street_clerk, _pdf())
    [path] = _stored(media)
    path.unlink()
    response = client_for(street_clerk).get(reverse("projects:case_file", args=[case.pk]))
    assert response.status_code == 404


def test_head_is_allowed_and_post_is_405_in_scope(client_for, street_clerk, station):
    case = _add(station, street_clerk, _pdf())
    url = reverse("projects:case_file", args=[case.pk])
    client = client_for(street_clerk)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("persona", ["other_street_clerk", "supervisor", "auditor"])
def test_the_download_is_404_out_of_scope_whatever_the_method(
    request, client_for, street_clerk, station, persona
):
    case = _add(station, street_clerk, _pdf())
    client = client_for(request.getfixturevalue(persona))
    url = reverse("projects:case_file", args=[case.pk])
    assert client.get(url).status_code == 404
    assert client.head(url).status_code == 404
    # The scope check comes before the method check: never 405, which would confirm it.
    assert client.post(url).status_code == 404
    assert not AuditEvent.objects.filter(event="case_file_download").exists()


def test_the_other_streets_workroom_user_cannot_download(
    client_for, district_user, other_workroom, community_user
):
    case = _add(other_workroom, district_user, _pdf())
    response = client_for(community_user).get(reverse("projects:case_file", args=[case.pk]))
    assert response.status_code == 404


# Refusals: nothing written


def _nothing_written(media):
    assert not CaseStudy.objects.exists()
    assert _stored(media) == []
    assert not AuditEvent.objects.filter(event="case_study_add").exists()


def _refused_on_the_form(response, media, code):
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["file"]
    assert [e.code for e in errors] == [code]
    _nothing_written(media)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("伪装.pdf", PNG), "file_content"),
        (SimpleUploadedFile("伪装.pdf", b"just some text, not a PDF"), "file_content"),
        (_zip("表格.docx", "xl/workbook.xml"), "file_content"),
        (_docx("宏.docx", macros=True), "file_content"),
        (SimpleUploadedFile("坏.docx", b"PK\x03\x04 but not a zip"), "file_content"),
        (_pdf("空.pdf", b""), "empty"),  # Django's FileField refuses it first
        (_pdf("程序.exe"), "file_type"),
        (_zip("表格.xlsx", "xl/workbook.xml"), "file_type"),
        (SimpleUploadedFile("照片.png", PNG), "file_type"),
        (_pdf("无扩展名"), "file_type"),
        (_pdf("报告.pdf.html"), "file_type"),
    ],
    ids=[
        "png-as-pdf",
        "text-as-pdf",
        "zip-without-word-document",
        "docx-with-macros",
        "broken-zip",
        "empty",
        "exe",
        "xlsx",
        "png",
        "no-extension",
        "double-extension",
    ],
)
def test_a_refused_document_writes_nothing(client_for, street_clerk, station, media, upload, code):
    _refused_on_the_form(_post_add(client_for(street_clerk), station, upload), media, code)


def test_the_service_refuses_an_empty_file_too(street_clerk, station, media):
    with pytest.raises(ValidationError) as refusal:
        _add(station, street_clerk, _pdf(data=b""))
    assert refusal.value.error_dict["file"][0].code == "file_empty"
    _nothing_written(media)


def test_the_size_limit_is_20_mb_and_a_file_of_exactly_the_limit_is_accepted(
    street_clerk, station, media, monkeypatch
):
    assert services.MAX_CASE_FILE_SIZE == 20 * 1024 * 1024
    monkeypatch.setattr(services, "MAX_CASE_FILE_SIZE", len(SMALL_PDF))
    _add(station, street_clerk, _pdf())
    with pytest.raises(ValidationError) as refusal:
        _add(station, street_clerk, _pdf(data=SMALL_PDF + b"\n"))
    assert refusal.value.error_dict["file"][0].code == "file_size"
    assert CaseStudy.objects.count() == 1
    assert len(_stored(media)) == 1


def test_an_oversize_file_is_refused_on_the_form(
    client_for, street_clerk, station, media, monkeypatch
):
    monkeypatch.setattr(services, "MAX_CASE_FILE_SIZE", len(SMALL_PDF) - 1)
    response = _post_add(client_for(street_clerk), station, _pdf())
    _refused_on_the_form(response, media, "file_size")


def test_a_docx_with_too_many_entries_is_refused(street_clerk, station, media, monkeypatch):
    monkeypatch.setattr(services, "MAX_ZIP_ENTRIES", 3)
    _add(station, street_clerk, _zip("三项.docx", "word/document.xml", "word/styles.xml"))
    with pytest.raises(ValidationError) as refusal:
        _add(station, street_clerk, _zip("四项.docx", "word/document.xml", "a.xml", "b.xml"))
    assert refusal.value.error_dict["file"][0].code == "file_content"
    assert CaseStudy.objects.count() == 1 and len(_stored(media)) == 1


def test_invalid_fields_refuse_before_the_file_is_stored(street_clerk, station, media):
    with pytest.raises(ValidationError) as refusal:
        _add(station, street_clerk, _pdf(), year=2021)
    assert "year" in refusal.value.error_dict
    _nothing_written(media)


def test_a_failure_after_the_file_was_stored_removes_it(street_clerk, station, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the audit table is gone")

    monkeypatch.setattr(AuditEvent.objects, "record", broken)
    with pytest.raises(RuntimeError):
        _add(station, street_clerk, _pdf())
    assert not CaseStudy.objects.exists()
    assert _stored(media) == []


# The uploaded name never reaches the disk


def _raw(upload, name):
    """``upload`` carrying ``name`` as sent, bypassing UploadedFile's own basename."""
    upload._name = name
    return upload


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/passwd.pdf", "....etcpasswd.pdf"),
        ("a/b\\c.pdf", "abc.pdf"),
        ("..\\..\\记录.pdf", "....记录.pdf"),
        ("案例\u202e.pdf", "案例.pdf"),
        ("案\x00例.pdf", "案例.pdf"),
    ],
)
def test_path_tricks_are_cleaned_for_display_and_never_used_as_path(
    street_clerk, station, media, sent, shown
):
    case = _add(station, street_clerk, _raw(_pdf(), sent))
    assert case.file_name == shown
    [path] = _stored(media)
    assert path.parent == media / "cases" / str(YEAR)
    assert len(path.stem) == 32 and path.suffix == ".pdf"
    assert case.file.name == f"cases/{YEAR}/{path.name}"


def test_a_name_of_nothing_but_separators_is_refused(street_clerk, station, media):
    # Nothing is left of the name, so no extension either.
    with pytest.raises(ValidationError) as refusal:
        _add(station, street_clerk, _raw(_pdf(), "/\\\x00"))
    assert refusal.value.error_dict["file"][0].code == "file_type"
    _nothing_written(media)


def test_a_docx_name_with_a_backslash_is_cleaned_through_the_form(
    client_for, street_clerk, station, media
):
    assert _post_add(client_for(street_clerk), station, _docx("a/b\\c.docx")).status_code == 302
    case = CaseStudy.objects.get()
    assert case.file_name == "c.docx"  # Django's parser drops a path, "\\" included
    [path] = _stored(media)
    assert path.parent == media / "cases" / str(YEAR) and len(path.stem) == 32


def test_a_right_to_left_override_cannot_disguise_an_exe(street_clerk, station, media):
    # Shown as "报告exe.pdf" by a bidi-aware viewer; really "报告\u202efdp.exe".
    with pytest.raises(ValidationError) as refusal:
        _add(station, street_clerk, _raw(_pdf(), "报告\u202efdp.exe"))
    assert refusal.value.error_dict["file"][0].code == "file_type"
    _nothing_written(media)


def test_a_long_name_keeps_its_extension():
    assert clean_file_name("长" * 300 + ".docx") == "长" * 195 + ".docx"
    assert len(clean_file_name("长" * 300 + ".docx")) == 200


# Edit replaces the document; delete removes it


def _edit(client, case, upload=None, **overrides):
    data = {"year": case.year, "title": case.title, "field": case.field, "summary": ""}
    data["version"] = case.version
    data.update(overrides)
    if upload is not None:
        data["file"] = upload
    return client.post(reverse("projects:case_edit", args=[case.pk]), data)


def test_edit_replaces_the_document_and_removes_the_old_one_after_commit(
    client_for, street_clerk, station, media, django_capture_on_commit_callbacks
):
    case = _add(station, street_clerk, _pdf())
    [old] = _stored(media)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _edit(client_for(street_clerk), case, _docx("新版案例.docx"), title="新标题")
    assert response.status_code == 302
    assert len(callbacks) == 1
    case.refresh_from_db()
    assert (case.title, case.file_name, case.version) == ("新标题", "新版案例.docx", 2)
    [new] = _stored(media)
    assert new != old and new.suffix == ".docx" and not old.exists()
    audit = AuditEvent.objects.get(event="case_study_edit")
    assert "新标题" in audit.detail and "新版案例.docx" in audit.detail


def test_the_old_document_stays_until_the_edit_is_committed(
    street_clerk, station, media, django_capture_on_commit_callbacks
):
    case = _add(station, street_clerk, _pdf())
    [old] = _stored(media)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.case_study_update(
            case=case, version=1, actor=street_clerk, year=YEAR, title="t", upload=_docx()
        )
    assert old.exists() and len(_stored(media)) == 2  # not committed yet
    callbacks[0]()
    assert not old.exists() and len(_stored(media)) == 1


def test_edit_without_a_file_keeps_the_document(
    client_for, street_clerk, station, media, django_capture_on_commit_callbacks
):
    case = _add(station, street_clerk, _pdf())
    [old] = _stored(media)
    with django_capture_on_commit_callbacks(execute=True):
        assert _edit(client_for(street_clerk), case, summary="补充").status_code == 302
    case.refresh_from_db()
    assert case.summary == "补充" and case.file_name == "独居老人个案.pdf"
    assert _stored(media) == [old]


def test_a_refused_replacement_keeps_everything(
    client_for, street_clerk, station, media, django_capture_on_commit_callbacks
):
    case = _add(station, street_clerk, _pdf())
    [old] = _stored(media)
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client_for(street_clerk), case, _pdf("图.pdf", PNG), title="新标题")
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["file_content"]
    case.refresh_from_db()
    assert (case.title, case.version, case.file_name) == ("独居老人社区融入", 1, "独居老人个案.pdf")
    assert _stored(media) == [old]
    assert not AuditEvent.objects.filter(event="case_study_edit").exists()


def test_a_stale_edit_with_a_new_document_writes_nothing(
    client_for, street_clerk, station, media, django_capture_on_commit_callbacks
):
    case = _add(station, street_clerk, _pdf())
    [old] = _stored(media)
    stale = case.version
    services.case_study_update(case=case, version=stale, actor=street_clerk, year=YEAR, title="x")
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client_for(street_clerk), case, _docx(), version=stale, title="旧表单")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    case.refresh_from_db()
    assert (case.title, case.version) == ("x", 2)
    assert _stored(media) == [old]


def test_delete_removes_the_document_after_commit(
    client_for, street_clerk, station, media, django_capture_on_commit_callbacks
):
    case = _add(station, street_clerk, _pdf())
    url = reverse("projects:case_delete", args=[case.pk])
    client = client_for(street_clerk)
    assert client.get(url).status_code == 200
    assert CaseStudy.objects.exists()  # GET only asks
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": case.version})
    assert response.status_code == 302
    assert response.url == reverse("projects:cases", args=[station.pk]) + f"?year={YEAR}"
    assert not CaseStudy.objects.exists()
    assert _stored(media) == []
    audit = AuditEvent.objects.get(event="case_study_delete")
    assert audit.user == street_clerk and "独居老人个案.pdf" in audit.detail


def test_the_failure_cleanup_in_an_edit_removes_the_new_file(
    street_clerk, station, media, monkeypatch
):
    case = _add(station, street_clerk, _pdf())
    [old] = _stored(media)

    def broken(**kwargs):
        raise RuntimeError("the audit table is gone")

    monkeypatch.setattr(AuditEvent.objects, "record", broken)
    with pytest.raises(RuntimeError):
        services.case_study_update(
            case=case, version=1, actor=street_clerk, year=YEAR, title="t", upload=_docx()
        )
    assert _stored(media) == [old]
    case.refresh_from_db()
    assert case.version == 1 and case.file_name == "独居老人个案.pdf"


def test_the_year_of_a_new_case_study_defaults_to_this_year(client_for, street_clerk, station):
    response = client_for(street_clerk).get(_add_url(station))
    assert response.status_code == 200
    assert response.context["form"]["year"].value() == timezone.localdate().year
