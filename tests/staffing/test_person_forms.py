"""The person forms and the forms of a person's certificates, qualifications and appraisals:
refusals in Chinese naming the field, nothing written on bad input, stale edits told."""

import pytest
from django.urls import reverse

from staffing.models import Certificate, Person, Qualification, StaffAppraisal
from tests.factories import PersonFactory


def _body(response):
    return response.content.decode()


def _person_data(**overrides):
    data = {
        "name": "新同事",
        "gender": "female",
        "birth_date": "",
        # valid, nobody's yet, and a woman's (the ID number's gender binds)
        "id_number": PersonFactory.build(gender="female").id_number,
        "mobile": "13700001111",
        "community_work_since": "2018-03-01",
    }
    data.update(overrides)
    return data


# Person create and edit


def test_street_clerk_adds_a_person_to_the_own_roster(client_for, street_clerk, street):
    response = client_for(street_clerk).post(reverse("staffing:person_create"), _person_data())
    person = Person.objects.get(name="新同事")
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    assert person.street == street


def test_district_chooses_the_roster_street(client_for, district_user, street, other_street):
    url = reverse("staffing:person_create")
    client = client_for(district_user)
    response = client.post(url, _person_data())
    assert response.status_code == 200
    assert "花名册所属街道：这个字段是必填项。" in _body(response)
    assert not Person.objects.exists()
    response = client.post(url, _person_data(street=other_street.pk))
    assert response.status_code == 302
    assert Person.objects.get().street == other_street


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "330102199001010011", "身份证号码：身份证号码校验码有误。"),
        ("id_number", "33010219900101001", "身份证号码：身份证号码应为 17 位数字"),
        ("mobile", "12345", "手机号码：请输入 11 位中国大陆手机号码。"),
        ("name", "", "姓名：这个字段是必填项。"),
        ("gender", "other", "性别："),
        ("community_work_since", "2018-13-01", "从事社区工作起始日期："),
    ],
)
def test_bad_person_input_is_refused_in_chinese_naming_the_field(
    client_for, street_clerk, field, value, message
):
    url = reverse("staffing:person_create")
    response = client_for(street_clerk).post(url, _person_data(**{field: value}))
    assert response.status_code == 200
    assert message in _body(response)
    assert not Person.objects.exists()


def test_edit_keeps_id_and_mobile_when_left_empty(client_for, street_clerk, person):
    url = reverse("staffing:person_edit", args=[person.pk])
    data = _person_data(name="王晓明", id_number="", mobile="", version=1)
    assert client_for(street_clerk).post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.name, person.id_number, person.mobile) == (
        "王晓明",
        "33010219900307102X",
        "13812345678",
    )
    assert person.version == 2


def test_stale_person_edit_is_told_and_loses_nothing(client_for, street_clerk, person):
    url = reverse("staffing:person_edit", args=[person.pk])
    client = client_for(street_clerk)
    assert client.post(url, _person_data(name="第一", version=1)).status_code == 302
    response = client.post(url, _person_data(name="第二", version=1))
    assert response.status_code == 200
    assert "其他人" in _body(response)
    person.refresh_from_db()
    assert person.name == "第一"


def test_edit_to_a_duplicate_id_number_is_refused(client_for, street_clerk, person, street):
    other = PersonFactory(street=street)
    url = reverse("staffing:person_edit", args=[other.pk])
    data = _person_data(id_number=person.id_number, version=1)
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 200
    assert "身份证号码" in _body(response)
    other.refresh_from_db()
    assert other.version == 1


# Certificates, qualifications, appraisals


def test_certificate_add_and_bad_dates(client_for, street_clerk, street):
    p = PersonFactory(street=street)
    url = reverse("staffing:certificate_add", args=[p.pk])
    client = client_for(street_clerk)
    data = {"level": "intermediate", "number": "Z-9", "issued_on": "2022-05-01", "expires_on": ""}
    response = client.post(url, {**data, "expires_on": "2022-01-01"})
    assert response.status_code == 200
    assert "有效期至：须晚于发证日期。" in _body(response)
    assert not Certificate.objects.exists()
    assert client.post(url, data).status_code == 302
    assert p.certificates.get().number == "Z-9"


def test_qualification_with_bad_year_is_refused(client_for, street_clerk, street):
    p = PersonFactory(street=street)
    url = reverse("staffing:qualification_add", args=[p.pk])
    client = client_for(street_clerk)
    data = {"kind": "leading_talent", "level": "municipal", "year": "1800", "title": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "年度：" in _body(response)
    assert not Qualification.objects.exists()
    assert client.post(url, {**data, "year": "2022"}).status_code == 302
    assert p.qualifications.count() == 1


def test_appraisal_record_corrects_the_year(client_for, street_clerk, street):
    p = PersonFactory(street=street)
    url = reverse("staffing:appraisal_record", args=[p.pk])
    client = client_for(street_clerk)
    response = client.post(url, {"year": "2023", "grade": "great"})
    assert response.status_code == 200
    assert "考核等次：" in _body(response)
    assert not StaffAppraisal.objects.exists()
    assert client.post(url, {"year": "2023", "grade": "basic"}).status_code == 302
    assert client.post(url, {"year": "2023", "grade": "excellent"}).status_code == 302
    assert p.appraisals.get().grade == "excellent"
