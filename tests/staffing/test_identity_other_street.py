"""Issue #11: a clerk cannot confirm that a guessed ID number exists on another street.

An ID number held on a roster the user does not keep is refused in words that neither say
that it exists nor where (``validators.ID_NUMBER_NOT_HERE``), the same in the person form,
the roster import and the service; the district, and a clerk for their own roster, are told
where the person is. What stays observable: a number nobody holds is accepted (uniqueness
itself), see ``staffing/identity.py``."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from staffing import roster, services
from staffing.models import Person
from tests.factories import PersonFactory
from tests.staffing.roster_files import id_number, post_upload, row, workbook, written

NOT_HERE = "此身份证号码不能在本街道花名册中登记。如此人在其他街道任职，请联系区民政局办理调动。"
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.fixture
def elsewhere(other_street):
    """Someone on 湖滨街道's roster, a man."""
    return PersonFactory(street=other_street, name="李其他", gender="male", id_number=id_number(7))


def _person_data(number, **overrides):
    data = {
        "name": "新同事",
        "gender": "male",
        "birth_date": "",
        "id_number": number,
        "mobile": "13700001111",
        "community_work_since": "2018-03-01",
    }
    return {**data, **overrides}


def _create(client, number, **overrides):
    response = client.post(reverse("staffing:person_create"), _person_data(number, **overrides))
    return response, response.content.decode()


def _import_errors(user, street, unit, number) -> list[str]:
    plan = roster.parse(workbook([row(7, unit, id_number=number)]), street=street, user=user)
    return [e.message for e in plan.errors]


def test_a_clerk_is_told_to_ask_for_a_transfer_without_being_told_the_number_exists(
    client_for, street_clerk, street, station, elsewhere
):
    response, body = _create(client_for(street_clerk), elsewhere.id_number)
    assert response.status_code == 200
    assert f"身份证号码：{NOT_HERE}" in body
    assert "已存在" not in body and "湖滨街道" not in body and "李其他" not in body
    assert Person.objects.count() == 1
    # the import says the very same words
    assert _import_errors(street_clerk, street, station, elsewhere.id_number) == [NOT_HERE]
    assert written() == (1, 0, 0)


def test_the_full_width_form_of_a_number_held_elsewhere_gets_the_same_words(
    client_for, street_clerk, street, station, elsewhere
):
    typed = elsewhere.id_number.translate(FULL_WIDTH)
    __, body = _create(client_for(street_clerk), typed)
    assert f"身份证号码：{NOT_HERE}" in body
    assert _import_errors(street_clerk, street, station, typed) == [NOT_HERE]
    assert Person.objects.count() == 1


def test_the_service_and_the_database_say_the_same_words(street, elsewhere):
    """A path without a user (the import's apply after a race, a script) says no more."""
    with pytest.raises(ValidationError) as e:
        services.person_create(
            street=street, name="新同事", gender="male", id_number=elsewhere.id_number
        )
    assert e.value.message_dict == {"id_number": [NOT_HERE]}
    assert Person.objects.count() == 1


def test_a_clerk_editing_a_person_to_a_number_held_elsewhere_gets_the_same_words(
    client_for, street_clerk, street, elsewhere
):
    mine = PersonFactory(street=street, gender="male")
    url = reverse("staffing:person_edit", args=[mine.pk])
    data = _person_data(elsewhere.id_number, name=mine.name, mobile="", version=1)
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 200
    assert f"身份证号码：{NOT_HERE}" in response.content.decode()
    mine.refresh_from_db()
    assert mine.version == 1 and mine.id_number != elsewhere.id_number


def test_the_district_is_told_where_the_person_is(
    client_for, district_user, street, station, elsewhere
):
    response, body = _create(client_for(district_user), elsewhere.id_number, street=street.pk)
    assert response.status_code == 200
    assert "身份证号码：此身份证号码已在湖滨街道的花名册中（李其他）" in body
    assert NOT_HERE not in body
    errors = _import_errors(district_user, street, station, elsewhere.id_number)
    assert len(errors) == 1 and errors[0].startswith("此身份证号码已在湖滨街道的花名册中（李其他）")
    assert Person.objects.count() == 1


def test_a_clerk_is_told_where_a_number_of_the_own_roster_is(client_for, street_clerk, person):
    __, body = _create(client_for(street_clerk), person.id_number, gender="female")
    assert "身份证号码：此身份证号码已在清波街道的花名册中（王小明）" in body
    assert Person.objects.count() == 1


def test_a_number_nobody_holds_is_accepted_the_residual_signal(
    client_for, street_clerk, street, elsewhere
):
    """Uniqueness itself: a new number is registered, a held one is not. The words of the
    refusal give nothing more; this test pins what remains observable."""
    response, __ = _create(client_for(street_clerk), id_number(8))
    assert response.status_code == 302
    assert Person.objects.filter(street=street).count() == 1


def test_the_upload_page_shows_the_same_words_and_no_500(
    client_for, street_clerk, street, station, elsewhere
):
    client = client_for(street_clerk)
    response = post_upload(client, street, workbook([row(7, station)]))
    assert response.status_code < 500
    if response.status_code == 302:
        response = client.get(response.url)
    body = response.content.decode()
    assert NOT_HERE in body and "湖滨街道" not in body
    assert written() == (1, 0, 0)
