"""Staffing pages: scope (404 outside it), forms in Chinese writing nothing on bad input,
the unit staffing panel, the tenure page, and query counts that do not grow."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from staffing.models import Certificate, Person, Post, Qualification, StaffAppraisal
from tests.conftest import make_station, make_street

from .conftest import appraise, certify, make_person, make_post, valid_id_number


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def _post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def _body(response):
    return response.content.decode()


# Who sees what


@pytest.mark.parametrize("persona", ["district_user", "street_clerk", "community_user"])
def test_people_list_opens_for_district_street_and_community(client, request, persona):
    assert (
        _get(client, request.getfixturevalue(persona), reverse("staffing:people")).status_code
        == 200
    )


@pytest.mark.parametrize("persona", ["supervisor", "auditor"])
def test_people_list_is_404_for_supervisor_and_auditor(client, request, persona):
    assert (
        _get(client, request.getfixturevalue(persona), reverse("staffing:people")).status_code
        == 404
    )


def test_street_clerk_lists_own_street_people_only(client, street_clerk, person, other_person):
    body = _body(_get(client, street_clerk, reverse("staffing:people")))
    assert person.name in body
    assert other_person.name not in body


def test_community_user_lists_the_people_of_their_workroom(
    client, community_user, street, workroom, person
):
    worker = make_person(street, name="社区岗人员")
    make_post(worker, workroom, post="workroom_social_worker")
    body = _body(_get(client, community_user, reverse("staffing:people")))
    assert worker.name in body
    assert person.name not in body  # at the station, not the workroom
    assert _get(client, community_user, worker.get_absolute_url()).status_code == 200
    edit = reverse("staffing:person_edit", args=[worker.pk])
    assert _get(client, community_user, edit).status_code == 404


PERSON_URLS = [
    "staffing:person",
    "staffing:person_edit",
    "staffing:post_assign",
    "staffing:certificate_add",
    "staffing:qualification_add",
    "staffing:appraisal_record",
]


@pytest.mark.parametrize("name", PERSON_URLS)
@pytest.mark.parametrize("persona", ["street_clerk", "community_user", "supervisor", "auditor"])
def test_another_streets_person_is_404_on_every_person_url(
    client, request, persona, name, other_person
):
    user = request.getfixturevalue(persona)
    assert _get(client, user, reverse(name, args=[other_person.pk])).status_code == 404


@pytest.mark.parametrize("name", PERSON_URLS)
def test_own_person_urls_open_for_the_street_clerk(client, street_clerk, person, name):
    assert _get(client, street_clerk, reverse(name, args=[person.pk])).status_code == 200


@pytest.mark.parametrize("name", PERSON_URLS)
def test_district_opens_every_person_url(client, district_user, other_person, name):
    assert _get(client, district_user, reverse(name, args=[other_person.pk])).status_code == 200


def test_another_streets_post_cannot_be_ended(client, street_clerk, other_person):
    post = other_person.posts.get()
    url = reverse("staffing:post_end", args=[post.pk])
    assert _post(client, street_clerk, url, {"end": "2024-01-01"}).status_code == 404
    post.refresh_from_db()
    assert post.end is None


def test_another_streets_unit_page_is_404(client, street_clerk, other_station, other_person):
    assert _get(client, street_clerk, other_station.get_absolute_url()).status_code == 404


def test_garbage_and_unknown_pks_are_404(client, street_clerk):
    assert _get(client, street_clerk, "/staffing/people/999999/").status_code == 404
    assert _get(client, street_clerk, "/staffing/posts/999999/end/").status_code == 405
    assert _post(client, street_clerk, "/staffing/posts/999999/end/", {}).status_code == 404


@pytest.mark.parametrize(
    "persona", ["street_clerk", "other_street_clerk", "community_user", "supervisor", "auditor"]
)
def test_tenure_page_is_404_for_everyone_but_the_district(client, request, persona):
    user = request.getfixturevalue(persona)
    assert _get(client, user, reverse("staffing:tenure")).status_code == 404


def test_person_create_is_404_for_community_users(client, community_user):
    assert _get(client, community_user, reverse("staffing:person_create")).status_code == 404


def test_nav_links_by_role(client, district_user, street_clerk, station):
    body = _body(_get(client, district_user, reverse("district")))
    assert 'href="/staffing/people/"' in body and 'href="/staffing/tenure/"' in body
    body = _body(_get(client, street_clerk, station.get_absolute_url()))
    assert 'href="/staffing/people/"' in body and 'href="/staffing/tenure/"' not in body


# People list filters


def test_search_matches_name_or_the_whole_id_number_only(client, street_clerk, person, street):
    make_person(street, name="另一人")
    url = reverse("staffing:people")
    assert "另一人" not in _body(_get(client, street_clerk, url, q="小明"))
    body = _body(_get(client, street_clerk, url, q=person.id_number.lower()))
    assert person.name in body and "另一人" not in body
    # Part of a number finds nobody: the box cannot probe for partial ID numbers.
    assert person.name not in _body(_get(client, street_clerk, url, q=person.id_number[:10]))


def test_filters_by_post_unit_and_certificate(
    client, street_clerk, street, station, workroom, person
):
    worker = make_person(street, name="工作室社工")
    make_post(worker, workroom, post="workroom_social_worker")
    left = make_person(street, name="已离任者")
    make_post(left, workroom, post="workroom_social_worker", end=date(2021, 1, 1))
    url = reverse("staffing:people")
    body = _body(_get(client, street_clerk, url, post="workroom_social_worker"))
    assert worker.name in body and person.name not in body and left.name not in body
    body = _body(_get(client, street_clerk, url, unit=station.pk))
    assert person.name in body and worker.name not in body
    body = _body(_get(client, street_clerk, url, unit=workroom.pk, post="social_worker"))
    assert person.name not in body and worker.name not in body
    body = _body(_get(client, street_clerk, url, certified="yes"))
    assert person.name in body and worker.name not in body
    body = _body(_get(client, street_clerk, url, certified="no"))
    assert worker.name in body and person.name not in body


def test_street_filter_is_for_the_district_only(
    client, district_user, street_clerk, person, other_person, other_street
):
    url = reverse("staffing:people")
    body = _body(_get(client, district_user, url, street=other_street.pk))
    assert other_person.name in body and person.name not in body
    assert 'name="street"' not in _body(_get(client, street_clerk, url))


def test_a_unit_outside_scope_is_not_a_filter_choice(client, street_clerk, person, other_station):
    response = _get(client, street_clerk, reverse("staffing:people"), unit=other_station.pk)
    assert response.status_code == 200
    body = _body(response)
    assert other_station.name not in body.split("</form>")[1]
    assert "选择一个有效的选项" in body


# Person forms


def _person_data(**overrides):
    data = {
        "name": "新同事",
        "gender": "female",
        "birth_date": "",
        "id_number": valid_id_number(777),
        "mobile": "13700001111",
        "community_work_since": "2018-03-01",
    }
    data.update(overrides)
    return data


def test_street_clerk_adds_a_person_to_the_own_roster(client, street_clerk, street):
    response = _post(client, street_clerk, reverse("staffing:person_create"), _person_data())
    person = Person.objects.get(name="新同事")
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    assert person.street == street


def test_district_chooses_the_roster_street(client, district_user, street, other_street):
    url = reverse("staffing:person_create")
    response = _post(client, district_user, url, _person_data())
    assert response.status_code == 200
    assert "花名册所属街道：这个字段是必填项。" in _body(response)
    assert not Person.objects.exists()
    response = _post(client, district_user, url, _person_data(street=other_street.pk))
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
    client, street_clerk, field, value, message
):
    response = _post(
        client, street_clerk, reverse("staffing:person_create"), _person_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in _body(response)
    assert not Person.objects.exists()


def test_edit_keeps_id_and_mobile_when_left_empty(client, street_clerk, person):
    url = reverse("staffing:person_edit", args=[person.pk])
    data = _person_data(name="王晓明", id_number="", mobile="", version=1)
    assert _post(client, street_clerk, url, data).status_code == 302
    person.refresh_from_db()
    assert (person.name, person.id_number, person.mobile) == (
        "王晓明",
        "33010219900307102X",
        "13812345678",
    )
    assert person.version == 2


def test_stale_person_edit_is_told_and_loses_nothing(client, street_clerk, person):
    url = reverse("staffing:person_edit", args=[person.pk])
    assert _post(client, street_clerk, url, _person_data(name="第一", version=1)).status_code == 302
    response = _post(client, street_clerk, url, _person_data(name="第二", version=1))
    assert response.status_code == 200
    assert "其他人" in _body(response)
    person.refresh_from_db()
    assert person.name == "第一"


def test_edit_to_a_duplicate_id_number_is_refused(client, street_clerk, person, street):
    other = make_person(street)
    url = reverse("staffing:person_edit", args=[other.pk])
    response = _post(client, street_clerk, url, _person_data(id_number=person.id_number, version=1))
    assert response.status_code == 200
    assert "身份证号码" in _body(response)
    other.refresh_from_db()
    assert other.version == 1


# Posts


def _assign(client, user, person, **overrides):
    data = {
        "unit": "",
        "post": "social_worker",
        "full_time": "on",
        "start": "2023-01-01",
        "note": "",
    }
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    return _post(client, user, reverse("staffing:post_assign", args=[person.pk]), data)


def test_assigning_a_post_redirects_to_the_person(client, street_clerk, street, station):
    p = make_person(street)
    response = _assign(client, street_clerk, p, unit=station.pk, post="head")
    assert response.status_code == 302
    assert p.posts.get().post == "head"


def test_s4_refusal_is_shown_on_the_start_field_and_audited(client, street_clerk, person, workroom):
    response = _assign(
        client, street_clerk, person, unit=workroom.pk, post="workroom_social_worker"
    )
    assert response.status_code == 200
    body = _body(response)
    assert "任职日期：S4（§4(3)）专人专职：王小明" in body
    assert person.posts.count() == 1
    assert AuditEvent.objects.filter(event="post_assign", result="failure").count() == 1


def test_post_kind_not_at_unit_kind_is_refused_on_the_post_field(
    client, street_clerk, street, workroom
):
    p = make_person(street)
    response = _assign(client, street_clerk, p, unit=workroom.pk, post="head")
    assert response.status_code == 200
    assert "岗位：社区社会工作室不设此岗位。" in _body(response)
    assert not Post.objects.exists()


def test_assign_refuses_a_unit_of_another_street(
    client, street_clerk, street, station, other_station
):
    p = make_person(street)
    response = _assign(client, street_clerk, p, unit=other_station.pk)
    assert response.status_code == 200
    assert "站（室）：选择一个有效的选项" in _body(response)
    assert not Post.objects.exists()


def test_assign_with_missing_start_names_the_field(client, street_clerk, street, station):
    p = make_person(street)
    response = _assign(client, street_clerk, p, unit=station.pk, start="")
    assert "任职日期：这个字段是必填项。" in _body(response)
    assert not Post.objects.exists()


def test_ending_a_post_keeps_it_in_the_history(client, street_clerk, person):
    post = person.posts.get()
    url = reverse("staffing:post_end", args=[post.pk])
    response = _post(client, street_clerk, url, {"end": "2024-06-30"})
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    post.refresh_from_db()
    assert post.end == date(2024, 6, 30)
    assert post.history.count() == 2
    body = _body(_get(client, street_clerk, person.get_absolute_url()))
    assert "2024-06-30" in body and "已离任" in body


def test_ending_a_post_on_or_before_its_start_is_refused(client, street_clerk, person):
    post = person.posts.get()
    url = reverse("staffing:post_end", args=[post.pk])
    response = _post(client, street_clerk, url, {"end": "2019-12-31"})
    assert response.status_code == 200
    assert "离任日期：须晚于任职日期（2020-01-01）。" in _body(response)
    post.refresh_from_db()
    assert post.end is None


def test_ending_an_ended_post_is_refused(client, street_clerk, person):
    post = person.posts.get()
    url = reverse("staffing:post_end", args=[post.pk])
    _post(client, street_clerk, url, {"end": "2024-06-30"})
    response = _post(client, street_clerk, url, {"end": "2024-07-31"})
    assert response.status_code == 200
    assert "离任日期：该岗位已于 2024-06-30 离任。" in _body(response)
    post.refresh_from_db()
    assert post.end == date(2024, 6, 30)


def test_post_end_is_post_only(client, street_clerk, person):
    url = reverse("staffing:post_end", args=[person.posts.get().pk])
    assert _get(client, street_clerk, url).status_code == 405


# Certificates, qualifications, appraisals


def test_certificate_add_and_bad_dates(client, street_clerk, street):
    p = make_person(street)
    url = reverse("staffing:certificate_add", args=[p.pk])
    data = {"level": "intermediate", "number": "Z-9", "issued_on": "2022-05-01", "expires_on": ""}
    response = _post(client, street_clerk, url, {**data, "expires_on": "2022-01-01"})
    assert response.status_code == 200
    assert "有效期至：须晚于发证日期。" in _body(response)
    assert not Certificate.objects.exists()
    assert _post(client, street_clerk, url, data).status_code == 302
    assert p.certificates.get().number == "Z-9"


def test_qualification_with_bad_year_is_refused(client, street_clerk, street):
    p = make_person(street)
    url = reverse("staffing:qualification_add", args=[p.pk])
    data = {"kind": "leading_talent", "level": "municipal", "year": "1800", "title": ""}
    response = _post(client, street_clerk, url, data)
    assert response.status_code == 200
    assert "年度：" in _body(response)
    assert not Qualification.objects.exists()
    assert _post(client, street_clerk, url, {**data, "year": "2022"}).status_code == 302
    assert p.qualifications.count() == 1


def test_appraisal_record_corrects_the_year(client, street_clerk, street):
    p = make_person(street)
    url = reverse("staffing:appraisal_record", args=[p.pk])
    response = _post(client, street_clerk, url, {"year": "2023", "grade": "great"})
    assert response.status_code == 200
    assert "考核等次：" in _body(response)
    assert not StaffAppraisal.objects.exists()
    assert _post(client, street_clerk, url, {"year": "2023", "grade": "basic"}).status_code == 302
    assert (
        _post(client, street_clerk, url, {"year": "2023", "grade": "excellent"}).status_code == 302
    )
    assert p.appraisals.get().grade == "excellent"


def test_control_characters_are_refused(client, street_clerk, street, station):
    p = make_person(street)
    response = _assign(client, street_clerk, p, unit=station.pk, note="bad\x01note")
    assert response.status_code == 200
    assert "控制字符" in _body(response)
    assert not Post.objects.exists()


# Person page


def test_person_page_shows_posts_certificates_appraisals_and_actions(client, street_clerk, person):
    appraise(person, 2023, "excellent")
    Qualification.objects.create(person=person, kind="supervisor", level="municipal", year=2022)
    body = _body(_get(client, street_clerk, person.get_absolute_url()))
    for text in ["专职社工", "在岗", "助理社会工作师", "优秀", "市级社工督导", "离任"]:
        assert text in body, text
    assert reverse("staffing:post_end", args=[person.posts.get().pk]) in body
    assert reverse("staffing:person_edit", args=[person.pk]) in body


def test_person_page_for_the_community_user_has_no_edit_buttons(
    client, community_user, street, workroom
):
    worker = make_person(street)
    make_post(worker, workroom, post="workroom_social_worker")
    body = _body(_get(client, community_user, worker.get_absolute_url()))
    assert reverse("staffing:person_edit", args=[worker.pk]) not in body


# Unit staffing panel


def test_unit_panel_lists_staff_in_post_and_the_s1_requirement(
    client, street_clerk, station, person
):
    gone = make_person(station.street, name="早已离任")
    make_post(gone, station, end=date(2021, 1, 1))
    body = _body(_get(client, street_clerk, station.get_absolute_url()))
    panel = body.split('id="staffing-panel"')[1].split("</section>")[0]
    assert person.name in panel and "持证" in panel
    assert gone.name not in panel
    assert "应配备专职持证社工 3 人" in panel
    assert 'href="/rules/#rule-S1"' in panel


# Tenure page


def test_tenure_page_shows_benefit_and_eligible_date(client, district_user, street, station):
    today = timezone.localdate()
    veteran = make_person(street, name="老站长")
    make_post(veteran, station, post="head", start=today.replace(year=today.year - 4))
    appraise(veteran, today.year - 1, "qualified")
    newcomer = make_person(street, name="新副站长")
    start = today - timedelta(days=30)
    make_post(newcomer, station, post="deputy", start=start)
    body = _body(_get(client, district_user, reverse("staffing:tenure")))
    assert "老站长" in body and "专职社区工作者正职待遇" in body and "合格" in body
    rows = body.split("新副站长")[1].split("</tr>")[0]
    assert start.replace(year=start.year + 3).isoformat() in rows


def test_tenure_page_filters_by_street(client, district_user, street, station, other_station):
    head = make_person(street, name="本街站长")
    make_post(head, station, post="head")
    other = make_person(other_station.street, name="他街站长")
    make_post(other, other_station, post="head")
    url = reverse("staffing:tenure")
    body = _body(_get(client, district_user, url, street=other_station.street.pk))
    assert "他街站长" in body and "本街站长" not in body


# Query counts do not grow with the number of people or units


def _populate(n, street, station):
    """Bring the street to ``n`` people in post at its station, certified and appraised."""
    while Person.objects.filter(street=street).count() < n:
        p = make_person(street)
        certify(p)
        make_post(p, station, post="head" if p.pk % 5 == 0 else "social_worker")
        appraise(p, 2023)


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page",
    [
        lambda station: reverse("staffing:people"),
        lambda station: station.get_absolute_url(),
        lambda station: reverse("staffing:tenure"),
    ],
    ids=["people list", "station page", "tenure page"],
)
def test_query_count_does_not_grow_with_people(
    client, district_user, street, station, django_assert_num_queries, page
):
    client.force_login(district_user)
    url = page(station)
    _populate(5, street, station)
    at_5 = _count_queries(client, url)
    _populate(25, street, station)
    with django_assert_num_queries(at_5):
        client.get(url)


def _add_stations(first, last):
    """Streets ``first``..``last - 1``, each with a station, its head and its deputy."""
    for i in range(first, last):
        s = make_street(code=f"3301029{i:02d}", name=f"测试{i}街道", pinyin=f"test{i}")
        unit = make_station(s)
        make_post(make_person(s), unit, post="head")
        make_post(make_person(s), unit, post="deputy")


def test_tenure_query_count_does_not_grow_with_stations(
    client, district_user, django_assert_num_queries
):
    client.force_login(district_user)
    url = reverse("staffing:tenure")
    _add_stations(0, 2)
    at_2 = _count_queries(client, url)
    _add_stations(2, 12)
    with django_assert_num_queries(at_2):
        client.get(url)


@pytest.mark.parametrize(
    "page",
    [lambda: reverse("staffing:people"), lambda: reverse("staffing:tenure")],
    ids=["people list", "tenure page"],
)
def test_query_count_does_not_grow_with_units(
    client, district_user, page, django_assert_num_queries
):
    """The same page with 2 and then 12 streets, each a station with posted staff."""
    client.force_login(district_user)
    _add_stations(0, 2)
    at_2 = _count_queries(client, page())
    _add_stations(2, 12)
    with django_assert_num_queries(at_2):
        client.get(page())


def test_workroom_page_query_count_does_not_grow_with_staff(
    client, district_user, workroom, django_assert_num_queries
):
    client.force_login(district_user)
    url = workroom.get_absolute_url()
    for _ in range(2):
        make_post(make_person(workroom.street), workroom, post="workroom_social_worker")
    at_2 = _count_queries(client, url)
    for _ in range(10):
        make_post(make_person(workroom.street), workroom, post="workroom_social_worker")
    with django_assert_num_queries(at_2):
        client.get(url)
