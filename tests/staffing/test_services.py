"""Every path of staffing.services: validation in Chinese naming the field, nothing half-written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from staffing import services
from staffing.models import Person, Post, StaffAppraisal
from tests.factories import PersonFactory, PostFactory, SchoolFactory


def _fields(**overrides):
    return {
        "name": "张三",
        "gender": "male",
        # valid, nobody's yet, and a man's (the ID number's gender binds)
        "id_number": PersonFactory.build(gender="male").id_number,
        "mobile": "13912345678",
        **overrides,
    }


# person_create / person_update


def test_person_create_normalises_lowercase_x_to_capital(street):
    fields = _fields(id_number=" 33010219900307102x ", gender="female")
    person = services.person_create(street=street, **fields)
    assert person.id_number == "33010219900307102X"


def test_person_create_refuses_a_wrong_check_digit_naming_the_id_number(street):
    number = PersonFactory.build().id_number
    wrong = number[:17] + ("1" if number[17] != "1" else "2")
    with pytest.raises(ValidationError) as e:
        services.person_create(street=street, **_fields(id_number=wrong))
    assert e.value.message_dict["id_number"] == ["身份证号码校验码有误。"]
    assert not Person.objects.exists()


def test_person_create_refuses_an_id_with_an_impossible_birth_date(street):
    first17 = "33010219900230001"  # 30 February
    from staffing.validators import id_check_char

    with pytest.raises(ValidationError) as e:
        services.person_create(street=street, **_fields(id_number=first17 + id_check_char(first17)))
    assert "出生日期" in e.value.message_dict["id_number"][0]


@pytest.mark.parametrize("mobile", ["12812345678", "1381234567", "138123456789", "1381234567a"])
def test_person_create_refuses_a_mobile_outside_the_mainland_pattern(street, mobile):
    with pytest.raises(ValidationError) as e:
        services.person_create(street=street, **_fields(mobile=mobile))
    assert "手机号码" in e.value.message_dict["mobile"][0]
    assert not Person.objects.exists()


def test_person_create_refuses_a_duplicate_id_number(street, person):
    with pytest.raises(ValidationError) as e:
        services.person_create(street=street, **_fields(id_number=person.id_number))
    assert "id_number" in e.value.message_dict
    assert Person.objects.count() == 1


def test_person_update_changes_fields_bumps_version_and_keeps_history(person):
    updated = services.person_update(person=person, data={"name": "王晓明"}, version=1)
    assert updated.name == "王晓明"
    assert updated.version == 2
    assert [h.name for h in person.history.order_by("history_date")] == ["王小明", "王晓明"]


def test_person_update_from_a_stale_form_is_refused_and_changes_nothing(person):
    services.person_update(person=person, data={"name": "第一次"}, version=1)
    with pytest.raises(services.StaleEdit) as e:
        services.person_update(person=person, data={"name": "第二次"}, version=1)
    assert "其他人" in e.value.messages[0]
    person.refresh_from_db()
    assert person.name == "第一次"


def test_person_update_validates_the_whole_record(person):
    with pytest.raises(ValidationError) as e:
        services.person_update(person=person, data={"mobile": "123"}, version=1)
    assert "mobile" in e.value.message_dict
    person.refresh_from_db()
    assert person.mobile == "13812345678" and person.version == 1


# post_assign


def test_post_assign_creates_the_post(street, station):
    p = PersonFactory(street=street)
    post = services.post_assign(person=p, unit=station, post="head", start=date(2021, 9, 1))
    assert post.pk and post.is_active_on(date(2024, 1, 1))


def test_s4_second_full_time_post_is_refused_and_audited_and_nothing_written(
    street, station, workroom, district_user
):
    p = PersonFactory(street=street, name="赵双岗")
    PostFactory(person=p, unit=station, start=date(2020, 1, 1))
    with pytest.raises(ValidationError) as e:
        services.post_assign(
            person=p,
            unit=workroom,
            post="workroom_social_worker",
            start=date(2022, 1, 1),
            actor=district_user,
        )
    message = e.value.message_dict["start"][0]
    assert message.startswith("S4（§4(3)）专人专职：赵双岗")
    assert "请先办理原岗位离任" in message
    assert Post.objects.filter(person=p).count() == 1
    event = AuditEvent.objects.get(event="post_assign")
    assert event.result == "failure"
    assert event.user == district_user
    assert event.object == "赵双岗"


def test_the_mixed_mode_head_may_be_recorded_as_concurrent(street, station):
    station.mode, station.contractor = "mixed", "某社会工作服务中心"
    station.save()
    p = PersonFactory(street=street)
    # S4: the mixed-mode head is the one concurrent post allowed.
    post = services.post_assign(
        person=p,
        unit=station,
        post="head",
        start=date(2023, 1, 1),
        full_time=False,
        office_director=True,
    )
    assert post.pk and not post.full_time and post.office_director


def test_a_self_operated_head_recorded_as_concurrent_is_refused_and_audited(
    street, station, district_user
):
    p = PersonFactory(street=street, name="钱兼任")
    with pytest.raises(ValidationError) as e:
        services.post_assign(
            person=p,
            unit=station,
            post="head",
            start=date(2023, 1, 1),
            full_time=False,
            actor=district_user,
        )
    message = e.value.message_dict["full_time"][0]
    assert "只有混合运营社会工作站的站长可以登记为兼任" in message
    assert not Post.objects.filter(person=p).exists()
    assert AuditEvent.objects.get(event="post_assign").result == "failure"


def test_the_mixed_mode_head_cannot_also_hold_a_workroom_post(street, station, workroom):
    station.mode, station.contractor = "mixed", "某社会工作服务中心"
    station.save()
    p = PersonFactory(street=street)
    PostFactory(person=p, unit=workroom, post="workroom_social_worker", start=date(2020, 1, 1))
    with pytest.raises(ValidationError) as e:
        services.post_assign(
            person=p, unit=station, post="head", start=date(2023, 1, 1), full_time=False
        )
    assert "start" in e.value.message_dict
    assert Post.objects.filter(person=p).count() == 1


def test_an_overlap_wholly_before_2022_09_01_is_not_refused(street, station, workroom):
    """E0: the document judges nothing before it was in force."""
    p = PersonFactory(street=street)
    PostFactory(
        person=p,
        unit=workroom,
        post="workroom_social_worker",
        start=date(2020, 1, 1),
        end=date(2022, 9, 1),
    )
    post = services.post_assign(
        person=p, unit=station, post="social_worker", start=date(2022, 3, 1)
    )
    assert post.pk


def test_adjacent_posts_do_not_overlap(street, station, workroom):
    p = PersonFactory(street=street)
    PostFactory(person=p, unit=station, start=date(2020, 1, 1), end=date(2023, 3, 1))
    post = services.post_assign(
        person=p, unit=workroom, post="workroom_social_worker", start=date(2023, 3, 1)
    )
    assert post.pk


def test_a_post_starting_the_day_before_the_other_ends_is_refused(street, station, workroom):
    p = PersonFactory(street=street)
    PostFactory(person=p, unit=station, start=date(2020, 1, 1), end=date(2023, 3, 1))
    with pytest.raises(ValidationError):
        services.post_assign(
            person=p, unit=workroom, post="workroom_social_worker", start=date(2023, 2, 28)
        )


@pytest.mark.parametrize(
    ("unit_fixture", "post"), [("station", "workroom_social_worker"), ("workroom", "head")]
)
def test_post_kind_must_exist_at_the_unit_kind(request, street, unit_fixture, post):
    unit = request.getfixturevalue(unit_fixture)
    p = PersonFactory(street=street)
    with pytest.raises(ValidationError) as e:
        services.post_assign(person=p, unit=unit, post=post, start=date(2022, 1, 1))
    assert "不设此岗位" in e.value.message_dict["post"][0]
    assert not Post.objects.exists()


# post_end


def test_post_end_keeps_the_post_and_its_history(person):
    post = person.posts.get()
    services.post_end(post=post, end=date(2024, 6, 30))
    post.refresh_from_db()
    assert post.end == date(2024, 6, 30)
    assert Post.objects.filter(pk=post.pk).exists()
    history = list(post.history.order_by("history_date"))
    assert [h.end for h in history] == [None, date(2024, 6, 30)]
    assert not post.is_active_on(date(2024, 6, 30))
    assert post.is_active_on(date(2024, 6, 29))


def test_post_end_refuses_an_already_ended_post(person):
    post = person.posts.get()
    services.post_end(post=post, end=date(2024, 6, 30))
    with pytest.raises(ValidationError) as e:
        services.post_end(post=post, end=date(2024, 7, 1))
    assert e.value.message_dict["end"] == ["该岗位已于 2024-06-30 离任。"]


def test_post_end_refuses_a_date_not_after_the_start(person):
    post = person.posts.get()
    with pytest.raises(ValidationError) as e:
        services.post_end(post=post, end=post.start)
    assert "离任日期须晚于任职日期" in " ".join(e.value.messages)
    post.refresh_from_db()
    assert post.end is None


# certificates, qualifications, appraisals


def test_certificate_add_and_duplicate_number_refused(street):
    p = PersonFactory(street=street)
    services.certificate_add(person=p, level="assistant", number="A-1", issued_on=date(2020, 1, 1))
    q = PersonFactory(street=street)
    with pytest.raises(ValidationError):
        services.certificate_add(
            person=q, level="assistant", number="A-1", issued_on=date(2021, 1, 1)
        )
    assert not q.certificates.exists()


def test_qualification_add_and_bad_year_refused(street):
    p = PersonFactory(street=street)
    q = services.qualification_add(person=p, kind="supervisor", level="municipal", year=2021)
    assert q.municipal_or_higher
    with pytest.raises(ValidationError) as e:
        services.qualification_add(person=p, kind="supervisor", level="municipal", year=1800)
    assert "year" in e.value.message_dict
    assert p.qualifications.count() == 1


def test_appraisal_record_corrects_the_same_year_instead_of_adding(street):
    p = PersonFactory(street=street)
    services.appraisal_record(person=p, year=2023, grade="basic")
    services.appraisal_record(person=p, year=2023, grade="qualified")
    services.appraisal_record(person=p, year=2024, grade="excellent")
    assert dict(StaffAppraisal.objects.filter(person=p).values_list("year", "grade")) == {
        2023: "qualified",
        2024: "excellent",
    }


def test_appraisal_record_refuses_an_unknown_grade(street):
    p = PersonFactory(street=street)
    with pytest.raises(ValidationError) as e:
        services.appraisal_record(person=p, year=2023, grade="great")
    assert "grade" in e.value.message_dict
    assert not StaffAppraisal.objects.exists()


def test_a_social_worker_serves_schools_of_the_roster_street_only(street, other_street):
    own = SchoolFactory(street=street, name="清波小学")
    foreign = SchoolFactory(street=other_street, name="湖滨小学")
    person = services.person_create(
        street=street,
        name="驻校社工",
        gender="female",
        id_number="11010519491231002X",
        schools_served=[own],
    )
    assert list(person.schools_served.all()) == [own]
    assert list(own.social_workers.all()) == [person]
    with pytest.raises(ValidationError) as refused:
        services.person_update(person=person, data={"schools_served": [own, foreign]})
    assert "schools_served" in refused.value.message_dict
    assert list(person.schools_served.all()) == [own]
