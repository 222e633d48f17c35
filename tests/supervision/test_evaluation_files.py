"""An evaluation's files: uploaded by its supervisor while it is editable, checked by type,
content, size and number, stored under random names, downloaded (audited) by whoever may
see the evaluation, removed from disk once the removal is committed. Every refusal leaves
nothing behind: no row, no file on disk."""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from shangcheng.uploads import clean_file_name
from supervision.models import EvaluationEvent, EvaluationFile
from supervision.services import evaluations as services
from supervision.services import files as file_services
from tests.supervision.factories import SMALL_PDF, EvaluationFactory, EvaluationFileFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(supervisor_profile, assigned_station):
    return EvaluationFactory(supervisor=supervisor_profile, unit=assigned_station)


def _stored(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _pdf(name="督导记录 1月.pdf", data=SMALL_PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _office(name, main_part, *, macros=False):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return SimpleUploadedFile(name, stream.getvalue())


def _upload(client, evaluation, upload):
    url = reverse("supervision:evaluation_file_upload", args=[evaluation.pk])
    return client.post(url, {"file": upload})


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Upload and download


def test_upload_and_download_round_trip(client_for, supervisor, draft, media):
    client = client_for(supervisor)
    response = _upload(client, draft, _pdf())
    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    attached = EvaluationFile.objects.get()
    assert (attached.evaluation, attached.name, attached.size) == (
        draft,
        "督导记录 1月.pdf",
        len(SMALL_PDF),
    )
    assert attached.uploaded_by == supervisor
    # Stored under a random name in the evaluated month's year, never the uploaded one.
    [path] = _stored(media)
    assert path.parent == media / "evaluations" / "2024"
    assert len(path.stem) == 32 and path.suffix == ".pdf"
    assert path.read_bytes() == SMALL_PDF

    download = client.get(reverse("supervision:evaluation_file", args=[attached.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SMALL_PDF
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("督导记录 1月.pdf") in disposition
    assert "no-store" in download.headers["Cache-Control"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(event="evaluation_file", user=supervisor).exists()
    assert AuditEvent.objects.filter(event="evaluation_file_download", user=supervisor).exists()
    step = EvaluationEvent.objects.get(evaluation=draft, action="edit")
    assert "督导记录 1月.pdf" in step.comment


def test_the_page_lists_files_and_offers_the_form_to_the_owner_only(
    client_for, supervisor, district_user, draft
):
    attached = file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    download_url = reverse("supervision:evaluation_file", args=[attached.pk])
    own = client_for(supervisor).get(draft.get_absolute_url())
    assert own.context["file_form"] is not None
    html = own.content.decode()
    assert download_url in html and "督导记录 1月.pdf" in html
    assert reverse("supervision:evaluation_file_delete", args=[attached.pk]) in html
    district = client_for(district_user).get(draft.get_absolute_url())
    assert download_url in district.content.decode()
    assert district.context["file_form"] is None
    assert "evaluation_file_delete" not in district.content.decode()


def test_office_files_and_images_are_accepted(supervisor, draft, media):
    for upload in (
        _office("记录.docx", "word/document.xml"),
        _office("签到表.xlsx", "xl/workbook.xml"),
        SimpleUploadedFile("现场.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
        SimpleUploadedFile("现场.png", PNG),
    ):
        file_services.evaluation_file_add(evaluation=draft, upload=upload, actor=supervisor)
    assert EvaluationFile.objects.count() == 4
    assert sorted(p.suffix for p in _stored(media)) == [".docx", ".jpg", ".png", ".xlsx"]


def test_the_name_loses_control_characters_and_path_separators(supervisor, draft, media):
    upload = _pdf(name="..\\..\\etc\x07\u202e记录.pdf")
    attached = file_services.evaluation_file_add(evaluation=draft, upload=upload, actor=supervisor)
    assert attached.name == "....etc记录.pdf"
    assert "记录" not in attached.file.name and "etc" not in attached.file.name
    assert clean_file_name("a/b\\c\x00d.pdf") == "abcd.pdf"
    assert len(clean_file_name("长" * 300 + ".pdf")) == 200


# Refusals: nothing stored


def _refused(response, media):
    assert response.status_code == 200
    assert response.context["file_form"].errors["file"]
    assert not EvaluationFile.objects.exists()
    assert _stored(media) == []


@pytest.mark.parametrize("name", ["记录.exe", "记录.txt", "记录.pdf.html", "记录"])
def test_a_wrong_extension_is_refused(client_for, supervisor, draft, media, name):
    _refused(_upload(client_for(supervisor), draft, _pdf(name=name)), media)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("伪装.pdf", b"just some text, not a PDF"),
        SimpleUploadedFile("伪装.png", b"\xff\xd8\xff\xe0 a JPEG named .png"),
        SimpleUploadedFile("伪装.docx", b"PK\x03\x04 but not a zip"),
    ],
    ids=["text-as-pdf", "jpeg-as-png", "broken-zip"],
)
def test_content_that_is_not_of_the_type_is_refused(client_for, supervisor, draft, media, upload):
    _refused(_upload(client_for(supervisor), draft, upload), media)


def test_office_files_of_another_type_or_with_macros_are_refused(supervisor, draft, media):
    for upload in (
        _office("表格.docx", "xl/workbook.xml"),
        _office("宏.docx", "word/document.xml", macros=True),
    ):
        with pytest.raises(ValidationError) as refusal:
            file_services.evaluation_file_add(evaluation=draft, upload=upload, actor=supervisor)
        assert refusal.value.error_dict["file"][0].code == "file_content"
    assert not EvaluationFile.objects.exists()
    assert _stored(media) == []


def test_an_empty_file_is_refused(client_for, supervisor, draft, media):
    _refused(_upload(client_for(supervisor), draft, _pdf(data=b"")), media)


def test_a_file_over_10_mb_is_refused(client_for, supervisor, draft, media):
    too_big = SMALL_PDF + b"0" * (file_services.MAX_FILE_SIZE + 1 - len(SMALL_PDF))
    assert file_services.MAX_FILE_SIZE == 10 * 1024 * 1024
    _refused(_upload(client_for(supervisor), draft, _pdf(data=too_big)), media)


def test_a_file_of_exactly_the_limit_is_accepted(supervisor, draft, monkeypatch, media):
    monkeypatch.setattr(file_services, "MAX_FILE_SIZE", len(SMALL_PDF))
    file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    with pytest.raises(ValidationError) as refusal:
        file_services.evaluation_file_add(
            evaluation=draft, upload=_pdf(data=SMALL_PDF + b"\n"), actor=supervisor
        )
    assert refusal.value.error_dict["file"][0].code == "file_size"
    assert len(_stored(media)) == 1


def test_the_eleventh_file_is_refused(client_for, supervisor, draft, media):
    for n in range(file_services.MAX_FILES):
        file_services.evaluation_file_add(
            evaluation=draft, upload=_pdf(f"{n}.pdf"), actor=supervisor
        )
    response = _upload(client_for(supervisor), draft, _pdf("11.pdf"))
    assert response.status_code == 200
    assert response.context["file_form"].errors["file"]
    assert EvaluationFile.objects.count() == file_services.MAX_FILES
    assert len(_stored(media)) == file_services.MAX_FILES
    assert not EvaluationFile.objects.filter(name="11.pdf").exists()


@pytest.mark.parametrize("decided", ["submitted", "approved"])
def test_no_upload_once_submitted_or_approved(
    client_for, supervisor, district_user, draft, media, decided
):
    services.evaluation_submit(evaluation=draft, actor=None)
    if decided == "approved":
        services.evaluation_approve(evaluation=draft, actor=district_user)
    response = _upload(client_for(supervisor), draft, _pdf())
    assert response.status_code == 302
    assert not EvaluationFile.objects.exists()
    assert _stored(media) == []
    page = client_for(supervisor).get(draft.get_absolute_url())
    assert page.context["file_form"] is None
    with pytest.raises(ValidationError) as refusal:
        file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    assert refusal.value.error_dict["file"][0].code == "not_editable"


def test_a_returned_evaluation_takes_files_again(client_for, supervisor, district_user, draft):
    services.evaluation_submit(evaluation=draft, actor=None)
    services.evaluation_return(evaluation=draft, comment="请附签到表", actor=district_user)
    assert _upload(client_for(supervisor), draft, _pdf()).status_code == 302
    assert EvaluationFile.objects.count() == 1


def test_only_the_owner_may_add_through_the_service(other_supervisor_profile, draft, media):
    with pytest.raises(ValidationError) as refusal:
        file_services.evaluation_file_add(
            evaluation=draft, upload=_pdf(), actor=other_supervisor_profile.user
        )
    assert refusal.value.error_dict["file"][0].code == "not_owner"
    assert _stored(media) == []


# Who may reach a file


def test_another_supervisor_gets_404(client_for, supervisor, other_supervisor_profile, draft):
    attached = file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    client = client_for(other_supervisor_profile.user)
    assert client.get(reverse("supervision:evaluation_file", args=[attached.pk])).status_code == 404
    assert _upload(client, draft, _pdf("theirs.pdf")).status_code == 404
    url = reverse("supervision:evaluation_file_delete", args=[attached.pk])
    assert client.post(url).status_code == 404
    assert list(EvaluationFile.objects.values_list("name", flat=True)) == ["督导记录 1月.pdf"]


def test_street_users_download_only_approved_evaluations_of_their_street(
    client_for, supervisor, street_clerk, other_street_clerk, district_user, draft
):
    attached = file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    url = reverse("supervision:evaluation_file", args=[attached.pk])
    assert client_for(street_clerk).get(url).status_code == 404  # not approved yet
    assert client_for(district_user).get(url).status_code == 200
    services.evaluation_submit(evaluation=draft, actor=None)
    services.evaluation_approve(evaluation=draft, actor=district_user)
    assert client_for(street_clerk).get(url).status_code == 200
    other = client_for(other_street_clerk)
    assert other.get(url).status_code == 404
    assert _upload(other, draft, _pdf("x.pdf")).status_code == 404
    assert (
        other.post(reverse("supervision:evaluation_file_delete", args=[attached.pk])).status_code
        == 404
    )
    assert EvaluationFile.objects.count() == 1


def test_download_is_get_only(client_for, supervisor, draft):
    attached = file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    url = reverse("supervision:evaluation_file", args=[attached.pk])
    assert client_for(supervisor).post(url).status_code == 405


def test_a_file_missing_on_disk_is_404_not_500(client_for, supervisor, draft, media):
    attached = file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    for path in _stored(media):
        path.unlink()
    url = reverse("supervision:evaluation_file", args=[attached.pk])
    assert client_for(supervisor).get(url).status_code == 404


# Removing a file


def test_delete_removes_the_row_and_after_commit_the_file(
    client_for, supervisor, draft, media, django_capture_on_commit_callbacks
):
    attached = file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    assert len(_stored(media)) == 1
    url = reverse("supervision:evaluation_file_delete", args=[attached.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(supervisor).post(url)
    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    assert not EvaluationFile.objects.exists()
    assert len(_stored(media)) == 1  # still there until the removal is committed
    for callback in callbacks:
        callback()
    assert _stored(media) == []
    step = EvaluationEvent.objects.filter(evaluation=draft, action="edit").last()
    assert "督导记录 1月.pdf" in step.comment
    assert AuditEvent.objects.filter(event="evaluation_file").count() == 2


def test_delete_with_callbacks_executed(
    supervisor, draft, media, django_capture_on_commit_callbacks
):
    attached = file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        file_services.evaluation_file_delete(file=attached, actor=supervisor)
    assert not EvaluationFile.objects.exists()
    assert _stored(media) == []


def test_no_delete_once_submitted(client_for, supervisor, draft, media):
    attached = file_services.evaluation_file_add(evaluation=draft, upload=_pdf(), actor=supervisor)
    services.evaluation_submit(evaluation=draft, actor=None)
    url = reverse("supervision:evaluation_file_delete", args=[attached.pk])
    response = client_for(supervisor).post(url, follow=True)
    assert _messages(response)
    assert EvaluationFile.objects.count() == 1
    assert len(_stored(media)) == 1


def test_the_factory_stores_a_small_pdf(db, media):
    attached = EvaluationFileFactory()
    [path] = _stored(media)
    assert path.read_bytes() == SMALL_PDF == attached.file.read()
    assert str(attached) == "督导记录.pdf"
