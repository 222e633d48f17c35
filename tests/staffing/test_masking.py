"""Personal data is masked on every page; unmasking needs the permission and is audited."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from accounts.models import AuditEvent
from staffing.masking import mask

RAW_ID, MASKED_ID = "33010219900307102X", "330***********102X"
RAW_MOBILE, MASKED_MOBILE = "13812345678", "138****5678"


def _assert_masked(body):
    assert RAW_ID not in body and RAW_MOBILE not in body
    assert MASKED_ID in body


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (RAW_ID, MASKED_ID),
        (RAW_MOBILE, MASKED_MOBILE),
        ("12345678", "123*5678"),
        ("1234567", "*******"),  # 7 or fewer: nothing kept
        ("12", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_keeps_the_first_3_and_the_last_4(value, masked):
    assert mask(value) == masked


def test_template_filters_and_tag_mask_alike():
    template = Template(
        "{% load staffing_tags %}{{ id|mask_id }} {{ mobile|mask_mobile }} {{ none|mask_id }}|"
        '{% personal id "id" %} {% personal mobile "mobile" True %}'
    )
    context = Context({"id": RAW_ID, "mobile": RAW_MOBILE, "none": None})
    rendered = template.render(context)
    assert rendered == f"{MASKED_ID} {MASKED_MOBILE} |{MASKED_ID} {RAW_MOBILE}"


@pytest.mark.parametrize("persona", ["district_user", "street_clerk"])
def test_people_list_shows_only_masked_values(client_for, request, persona, person):
    client = client_for(request.getfixturevalue(persona))
    body = client.get(reverse("staffing:people")).content.decode()
    _assert_masked(body)
    assert MASKED_MOBILE in body


def test_person_page_shows_only_masked_values(client_for, street_clerk, person):
    body = client_for(street_clerk).get(person.get_absolute_url()).content.decode()
    _assert_masked(body)
    assert MASKED_MOBILE in body


def test_edit_form_does_not_put_personal_data_back_into_the_page(client_for, street_clerk, person):
    url = reverse("staffing:person_edit", args=[person.pk])
    body = client_for(street_clerk).get(url).content.decode()
    _assert_masked(body)  # shown in the help text, the inputs are empty


def test_unit_panel_and_tenure_page_show_no_personal_data(
    client_for, district_user, person, station
):
    client = client_for(district_user)
    for url in (station.get_absolute_url(), reverse("staffing:tenure")):
        body = client.get(url).content.decode()
        assert RAW_ID not in body and RAW_MOBILE not in body


def test_admin_changelist_shows_only_masked_values(admin_client, person):
    body = admin_client.get(reverse("admin:staffing_person_changelist")).content.decode()
    assert person.name in body
    _assert_masked(body)
    assert MASKED_MOBILE in body


def test_admin_search_by_id_number_matches_whole_numbers_only(admin_client, person):
    url = reverse("admin:staffing_person_changelist")
    assert person.name in admin_client.get(url, {"q": RAW_ID}).content.decode()
    assert person.name not in admin_client.get(url, {"q": RAW_ID[:12]}).content.decode()


def test_unmask_button_only_for_the_permission(client_for, street_clerk, unmask_permission, person):
    url = reverse("staffing:person_unmask", args=[person.pk])
    client = client_for(street_clerk)
    assert url not in client.get(person.get_absolute_url()).content.decode()
    street_clerk.user_permissions.add(unmask_permission)
    body = client.get(person.get_absolute_url()).content.decode()
    assert url in body and "完整信息" in body


def test_unmask_with_permission_shows_full_values_once_and_is_audited(
    client_for, unmasking_clerk, person
):
    client = client_for(unmasking_clerk)
    response = client.post(
        reverse("staffing:person_unmask", args=[person.pk]), REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert RAW_ID in body and RAW_MOBILE in body
    assert "审计日志" in body
    event = AuditEvent.objects.get(event="unmask")
    assert (event.user, event.result, event.object, event.ip) == (
        unmasking_clerk,
        "success",
        person.name,
        "10.1.2.3",
    )
    assert event.scope == person.street.name
    # The next visit is masked again.
    _assert_masked(client.get(person.get_absolute_url()).content.decode())


@pytest.mark.parametrize("persona", ["district_user", "street_clerk", "community_user"])
def test_unmask_without_permission_is_404_and_nothing_is_audited(
    client_for, request, persona, person
):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(reverse("staffing:person_unmask", args=[person.pk]))
    assert response.status_code == 404
    assert RAW_ID not in response.content.decode()
    assert not AuditEvent.objects.filter(event="unmask").exists()


def test_unmask_of_another_streets_person_is_404_even_with_permission(
    client_for, unmasking_clerk, other_person
):
    client = client_for(unmasking_clerk)
    response = client.post(reverse("staffing:person_unmask", args=[other_person.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(event="unmask").exists()


def test_unmask_is_post_only(client_for, unmasking_clerk, person):
    client = client_for(unmasking_clerk)
    assert client.get(reverse("staffing:person_unmask", args=[person.pk])).status_code == 405
    assert not AuditEvent.objects.filter(event="unmask").exists()
