"""Roster import: the format (columns and pick lists from the models and the rules) and the
template workbook that a clerk downloads."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from shangcheng import rules
from staffing import roster
from staffing.models import PERSON_FIELDS, Certificate, Person
from staffing.roster.columns import (
    CERT_LEVELS,
    COLUMNS,
    GENDERS,
    PERSON_KEYS,
    POSTS,
    chinese_labels,
)
from tests.staffing.roster_files import HEADERS, XLSX, upload, written


def test_pick_lists_are_the_chinese_labels_of_the_rules_and_the_models():
    assert POSTS == {
        "站长": "head",
        "副站长": "deputy",
        "专职社工": "social_worker",
        "运营督导": "operating_supervisor",
        "社区“社会工作”岗专职社工": "workroom_social_worker",
    }
    assert set(POSTS.values()) == set(rules.Post)
    assert GENDERS == {"男": Person.Gender.MALE, "女": Person.Gender.FEMALE}
    assert CERT_LEVELS == {
        "助理社会工作师": Certificate.Level.ASSISTANT,
        "社会工作师": Certificate.Level.INTERMEDIATE,
        "高级社会工作师": Certificate.Level.SENIOR,
    }


def test_pick_lists_are_chinese_whatever_the_users_language():
    with translation.override("en"):
        assert str(Person.Gender.MALE.label) == "male"
        assert chinese_labels(Person.Gender.choices) == {"男": "male", "女": "female"}


def test_the_template_offers_the_pick_lists(client_for, street_clerk):
    client = client_for(street_clerk)
    response = client.get(reverse("staffing:roster_template"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    lists = {str(v.sqref): v.formula1 for v in book["人员名册"].data_validations.dataValidation}
    assert lists == {
        "B2:B5001": '"男,女"',
        "G2:G5001": '"是,否"',
        "I2:I5001": '"站长,副站长,专职社工,运营督导,社区“社会工作”岗专职社工"',
        "J2:J5001": '"是,否"',
        "L2:L5001": '"助理社会工作师,社会工作师,高级社会工作师"',
    }


def test_the_roster_fills_the_fields_of_the_person_form():
    assert set(PERSON_KEYS) == set(PERSON_FIELDS)


def test_template_download_parses_back_with_the_same_headers(client_for, street_clerk):
    client = client_for(street_clerk)
    response = client.get(reverse("staffing:roster_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["人员名册", "填写说明"]
    assert [c.value for c in book["人员名册"][1]] == HEADERS
    assert HEADERS[:3] == ["姓名*", "性别*", "身份证号*"]
    last = len(COLUMNS) + 1
    notes = [r[0] for r in book["填写说明"].iter_rows(min_row=2, max_row=last, values_only=True)]
    assert notes == [c.header for c in COLUMNS]


def test_the_template_itself_is_a_valid_upload_with_no_rows(street_clerk, street):
    data = roster.check_upload(upload(roster.template_workbook()))
    plan = roster.parse(data, street=street, user=street_clerk)
    assert [str(e) for e in plan.errors] == ["工作表中没有数据行。"]
    with pytest.raises(roster.RosterRefused):
        roster.apply(plan, user=street_clerk)
    assert written() == (0, 0, 0)
