"""Issue #11, one identity: every bad input of the issue's list, through the person forms AND
the roster import. Each is refused with a Chinese message naming the field (and the row),
nothing is written, and no page answers 500; the odd ways of typing a good number are
normalised to the ASCII one, and so deduplicated."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from staffing import roster
from staffing.models import Certificate, Person, Post
from staffing.validators import id_check_char
from tests.staffing.roster_files import id_number, post_upload, row, workbook, written

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FEMALE_ID = id_number(5, male=False, birth=date(1988, 6, 15))
TODAY = timezone.localdate().isoformat()
PAST_RANGE = f"请填写 1900-01-01 至 {TODAY} 之间的日期。"
ANY_RANGE = "请填写 1900-01-01 至 2100-12-31 之间的日期。"


def _person_data(**overrides):
    data = {
        "name": "新同事",
        "gender": "female",
        "birth_date": "",
        "id_number": FEMALE_ID,
        "mobile": "13700001111",
        "community_work_since": "2018-03-01",
    }
    return {**data, **overrides}


def _form(client, **overrides):
    """Post the person form as ``client``; the page and what it says."""
    response = client.post(reverse("staffing:person_create"), _person_data(**overrides))
    return response, response.content.decode()


def _import(user, station, **cells) -> list[str]:
    """The errors of a one-row roster; applying it is refused and writes nothing."""
    before = written()
    plan = roster.parse(workbook([row(1, station, **cells)]), street=station.street, user=user)
    if plan.errors:
        with pytest.raises(roster.RosterRefused):
            roster.apply(plan, user=user)
    assert written() == before
    return [str(e) for e in plan.errors]


# The ID number's own facts: birth date in its digits, gender, against the fields

BORN_2099 = id_number(1, male=False, birth=date(2099, 1, 1))
BORN_1800 = id_number(1, male=False, birth=date(1800, 1, 1))
BORN_0001 = "33010200010101002" + id_check_char("33010200010101002")  # strftime: "1", not "0001"


@pytest.mark.parametrize(
    ("number", "born"),
    [(BORN_2099, "2099-01-01"), (BORN_1800, "1800-01-01"), (BORN_0001, "0001-01-01")],
)
def test_an_id_number_born_in_the_future_or_before_1900_is_refused(
    client_for, street_clerk, station, number, born
):
    message = f"身份证号码中的出生日期（{born}）须在 1900-01-01 至今天之间。"
    response, body = _form(client_for(street_clerk), id_number=number)
    assert response.status_code == 200
    assert f"身份证号码：{message}" in body
    assert not Person.objects.exists()
    errors = _import(street_clerk, station, id_number=number, gender="女")
    assert errors == [f"第 2 行“身份证号”：{message}"]


def test_a_gender_contradicting_the_id_number_is_refused(client_for, street_clerk, station):
    response, body = _form(client_for(street_clerk), gender="male")
    assert response.status_code == 200
    assert "性别：与身份证号码中的性别不一致。" in body
    assert not Person.objects.exists()
    errors = _import(street_clerk, station, id_number=FEMALE_ID, gender="男")
    assert errors == ["第 2 行“性别”：与身份证号码中的性别不一致。"]


def test_a_birth_date_contradicting_the_id_number_is_refused(client_for, street_clerk, station):
    response, body = _form(client_for(street_clerk), birth_date="1988-06-16")
    assert response.status_code == 200
    assert "出生日期：与身份证号码中的出生日期（1988-06-15）不一致。" in body
    assert not Person.objects.exists()
    errors = _import(
        street_clerk, station, id_number=FEMALE_ID, male=False, birth_date="1988-06-16"
    )
    assert errors == ["第 2 行“出生日期”：与身份证号码中的出生日期（1988-06-15）不一致。"]


def test_an_empty_birth_date_is_the_id_numbers_in_the_form_as_in_the_import(
    client_for, street_clerk
):
    response, __ = _form(client_for(street_clerk))
    assert response.status_code == 302
    assert Person.objects.get().birth_date == date(1988, 6, 15)


# Dates of the person, posts and certificates

BAD_DATES = ["0001-01-01", "1899-12-31", "9999-12-31"]


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize(
    ("field", "label", "column"),
    [
        ("birth_date", "出生日期", "出生日期"),
        ("community_work_since", "从事社区工作起始日期", "社区工作起始日期"),
    ],
)
def test_a_persons_dates_out_of_bounds_are_refused(
    client_for, street_clerk, station, field, label, column, value
):
    response, body = _form(client_for(street_clerk), **{field: value})
    assert response.status_code == 200
    assert f"{label}：{PAST_RANGE}" in body
    assert not Person.objects.exists()
    errors = _import(street_clerk, station, **{field: value})
    assert errors == [f"第 2 行“{column}”：{PAST_RANGE}"]


def test_a_date_in_the_future_is_no_community_work_start(client_for, street_clerk):
    response, body = _form(client_for(street_clerk), community_work_since="2099-01-01")
    assert response.status_code == 200
    assert f"从事社区工作起始日期：{PAST_RANGE}" in body
    assert not Person.objects.exists()


def test_an_excel_date_cell_of_9999_12_31_is_refused(street_clerk, station):
    errors = _import(street_clerk, station, community_work_since=date(9999, 12, 31))
    assert errors == [f"第 2 行“社区工作起始日期”：{PAST_RANGE}"]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_post_starting_out_of_bounds_is_refused(client_for, street_clerk, person, station, value):
    url = reverse("staffing:post_assign", args=[person.pk])
    data = {"unit": station.pk, "post": "social_worker", "full_time": "on", "start": value}
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 200
    assert f"任职日期：{ANY_RANGE}" in response.content.decode()
    assert person.posts.count() == 1
    errors = _import(street_clerk, station, start=value)
    assert errors == [f"第 2 行“任职开始日期”：{ANY_RANGE}"]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_post_ending_out_of_bounds_is_refused(client_for, street_clerk, person, value):
    post = person.posts.get()
    response = client_for(street_clerk).post(
        reverse("staffing:post_end", args=[post.pk]), {"end": value}
    )
    assert response.status_code == 200
    assert f"离任日期：{ANY_RANGE}" in response.content.decode()
    post.refresh_from_db()
    assert post.end is None


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_certificate_issued_out_of_bounds_is_refused(
    client_for, street_clerk, person, station, value
):
    url = reverse("staffing:certificate_add", args=[person.pk])
    data = {"level": "intermediate", "number": "Z-9", "issued_on": value, "expires_on": ""}
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 200
    assert f"发证日期：{PAST_RANGE}" in response.content.decode()
    assert not Certificate.objects.filter(number="Z-9").exists()
    cert = {"cert_level": "社会工作师", "cert_number": "Z-9", "cert_issued": value}
    errors = _import(street_clerk, station, **cert)
    assert errors == [f"第 2 行“发证日期”：{PAST_RANGE}"]


def test_a_certificate_expiring_in_9999_is_refused(client_for, street_clerk, person):
    url = reverse("staffing:certificate_add", args=[person.pk])
    data = {"level": "intermediate", "number": "Z-9", "issued_on": "2020-01-01"}
    response = client_for(street_clerk).post(url, {**data, "expires_on": "9999-12-31"})
    assert response.status_code == 200
    assert f"有效期至：{ANY_RANGE}" in response.content.decode()
    assert not Certificate.objects.filter(number="Z-9").exists()


# Names

BAD_NAMES = [
    ("张3", "姓名中不能含有数字。"),
    ("=张三", "以 = 开头，电子表格会将其识别为公式。"),
    ("张\u202e三", "含有文字方向控制字符（如 U+202E），请删除。"),
    ("\u200b", "含有不可见字符（如零宽空格），请删除。"),
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_bad_names_are_refused_in_the_form_and_the_import(
    client_for, street_clerk, station, name, message
):
    response, body = _form(client_for(street_clerk), name=name)
    assert response.status_code == 200
    assert f"姓名：{message}" in body
    assert not Person.objects.exists()
    assert _import(street_clerk, station, name=name) == [f"第 2 行“姓名”：{message}"]


def test_a_bad_name_is_refused_on_edit_too(client_for, street_clerk, person):
    url = reverse("staffing:person_edit", args=[person.pk])
    data = _person_data(name="王\u202e明", id_number="", mobile="", version=1)
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 200
    assert "姓名：含有文字方向控制字符" in response.content.decode()
    person.refresh_from_db()
    assert (person.name, person.version) == ("王小明", 1)


# The odd ways of typing a good number: normalised, stored as ASCII, deduplicated


def _odd(number: str, how: str) -> str:
    return {
        "full-width 17 + ASCII check": number[:17].translate(FULL_WIDTH) + number[17],
        "all full-width": number.translate(FULL_WIDTH),
        "Arabic-Indic": number[:17].translate(ARABIC_INDIC) + number[17],
        "zero-width space": number[:6] + "\u200b" + number[6:],
        "spaces": f"{number[:6]} {number[6:14]} {number[14:]}",
        "lower-case x": number.lower(),
    }[how]


ODD_WAYS = [
    "full-width 17 + ASCII check",
    "all full-width",
    "Arabic-Indic",
    "zero-width space",
    "spaces",
    "lower-case x",
]
X_ID = "33010219900307102X"  # the ``person`` fixture's; a woman's, ends in X


@pytest.mark.parametrize("how", ODD_WAYS)
def test_an_oddly_typed_id_number_is_stored_as_ascii_from_the_form(client_for, street_clerk, how):
    response, __ = _form(client_for(street_clerk), id_number=_odd(X_ID, how), birth_date="")
    assert response.status_code == 302
    assert Person.objects.get().id_number == X_ID


@pytest.mark.parametrize("how", ODD_WAYS)
def test_an_oddly_typed_id_number_of_someone_registered_is_the_same_person_in_the_form(
    client_for, street_clerk, person, how
):
    response, body = _form(client_for(street_clerk), id_number=_odd(X_ID, how))
    assert response.status_code == 200
    assert "身份证号码：此身份证号码已在清波街道的花名册中（王小明）" in body
    assert Person.objects.count() == 1


@pytest.mark.parametrize("how", ODD_WAYS)
def test_an_oddly_typed_id_number_is_stored_as_ascii_from_the_import(street_clerk, station, how):
    plan = roster.parse(
        workbook([row(1, station, id_number=_odd(X_ID, how), gender="女")]),
        street=station.street,
        user=street_clerk,
    )
    assert plan.errors == []
    roster.apply(plan, user=street_clerk)
    assert Person.objects.get().id_number == X_ID


@pytest.mark.parametrize("how", ODD_WAYS)
def test_an_oddly_typed_id_number_of_someone_registered_updates_them_in_the_import(
    street_clerk, station, person, how
):
    plan = roster.parse(
        # the post the ``person`` fixture holds since 2020: nothing new but the row's fields
        workbook([row(1, station, id_number=_odd(X_ID, how), gender="女", start=date(2020, 1, 1))]),
        street=station.street,
        user=street_clerk,
    )
    assert plan.errors == []
    assert [r.person for r in plan.rows] == [person]
    roster.apply(plan, user=street_clerk)
    assert Person.objects.count() == 1


MOBILES = ["13８００１３８０００", "+86 138 0013 8000", "+8613800138000", "138 0013 8000"]


@pytest.mark.parametrize("mobile", MOBILES)
def test_an_oddly_typed_mobile_is_stored_as_11_ascii_digits(
    client_for, street_clerk, station, mobile
):
    response, __ = _form(client_for(street_clerk), mobile=mobile)
    assert response.status_code == 302
    assert Person.objects.get().mobile == "13800138000"
    Person.objects.all().delete()
    plan = roster.parse(
        workbook([row(1, station, mobile=mobile)]), street=station.street, user=street_clerk
    )
    assert plan.errors == []  # "+86" is a country code, not a formula
    roster.apply(plan, user=street_clerk)
    assert Person.objects.get().mobile == "13800138000"


def test_a_plus_86_mobile_is_not_called_a_formula_even_when_wrong(
    client_for, street_clerk, station
):
    response, body = _form(client_for(street_clerk), mobile="+86 138 0013 800")
    assert response.status_code == 200
    assert "手机号码：请输入 11 位中国大陆手机号码。" in body
    assert "公式" not in body and "不超过 11" not in body  # one reason, the right one
    errors = _import(street_clerk, station, mobile="+86 138 0013 800")
    assert errors == ["第 2 行“手机号”：请输入 11 位中国大陆手机号码。"]


def test_an_oddly_typed_mobile_on_edit_is_normalised(client_for, street_clerk, person):
    url = reverse("staffing:person_edit", args=[person.pk])
    data = _person_data(name="王小明", id_number="", mobile="+86 139 0000 1111", version=1)
    assert client_for(street_clerk).post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.mobile == "13900001111"


# No 500 through the upload page, every bad row named


def test_an_upload_of_every_bad_row_is_refused_by_row_and_column_without_a_500(
    client_for, street_clerk, street, station
):
    rows = [
        row(1, station, id_number=BORN_2099, gender="女"),
        row(2, station, gender="女"),
        row(3, station, birth_date="0001-01-01"),
        row(4, station, community_work_since="9999-12-31"),
        row(5, station, start="0001-01-01"),
        row(6, station, cert_level="社会工作师", cert_number="Z-6", cert_issued="9999-12-31"),
        *(row(7 + i, station, name=name) for i, (name, __) in enumerate(BAD_NAMES)),
    ]
    response = post_upload(client_for(street_clerk), street, workbook(rows))
    assert response.status_code < 500
    if response.status_code == 302:
        response = client_for(street_clerk).get(response.url)
    body = response.content.decode()
    assert response.status_code == 200
    for text in [
        "身份证号码中的出生日期（2099-01-01）须在 1900-01-01 至今天之间。",
        "与身份证号码中的性别不一致。",
        PAST_RANGE,
        ANY_RANGE,
        *(message for __, message in BAD_NAMES),
    ]:
        assert text in body
    assert written() == (0, 0, 0)
    assert not Post.objects.exists()
