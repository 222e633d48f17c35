"""The staffing findings as the corrected POLICY.md reads them, through the ORM: W1 degree,
S3 records on the post, S4 concurrency, S5 held on the day (issue: policy corrections)."""

from datetime import date

from staffing.compliance import staffing_findings
from tests.factories import CertificateFactory, PostFactory, QualificationFactory

ON = date(2025, 6, 30)


def _rules(unit, on=ON):
    return [(f.rule, str(f.severity), f.message) for f in staffing_findings([unit], on)[unit.pk]]


def test_an_uncertified_worker_with_a_social_work_degree_meets_w1(workroom):
    PostFactory(unit=workroom, person__social_work_degree=True)
    assert not [r for r in _rules(workroom) if r[0] == "W1"]


def test_an_uncertified_worker_without_the_degree_fails_w1(workroom):
    PostFactory(unit=workroom, person__social_work_degree=False)
    assert [r[:2] for r in _rules(workroom) if r[0] == "W1"] == [("W1", "violation")]


def _mixed(station):
    station.mode, station.contractor = "mixed", "某社会工作服务中心"
    station.save()
    return station


def test_s3_names_a_mixed_mode_head_not_recorded_as_the_office_director(station):
    _mixed(station)
    PostFactory(unit=station, post="head", full_time=False, person__name="周主任")
    s3 = [r for r in _rules(station) if r[0] == "S3"]
    assert any(r[1] == "violation" and "周主任" in r[2] for r in s3)


def test_s3_is_met_when_head_and_operating_supervisor_are_recorded_as_such(station):
    _mixed(station)
    PostFactory(unit=station, post="head", full_time=False, office_director=True)
    PostFactory(unit=station, post="operating_supervisor", contractor_lead=True)
    assert not [r for r in _rules(station) if r[0] == "S3"]


def test_a_concurrent_social_worker_is_an_s4_violation_naming_the_person(station):
    PostFactory(unit=station, full_time=False, person__name="吴兼职")
    s4 = [r for r in _rules(station) if r[0] == "S4"]
    assert len(s4) == 1 and "吴兼职" in s4[0][2]


def test_s5_never_advises_about_the_mixed_mode_head(station):
    _mixed(station)
    PostFactory(unit=station, post="head", full_time=False, office_director=True)
    assert not [r for r in _rules(station) if r[0] == "S5"]


def test_s5_counts_a_qualification_only_from_the_year_it_was_held(station):
    head = PostFactory(unit=station, post="head", person__name="郑站长")
    CertificateFactory(person=head.person)
    QualificationFactory(person=head.person, level="municipal", year=2026)
    assert any("郑站长" in r[2] for r in _rules(station, date(2025, 6, 30)) if r[0] == "S5")
    assert not [r for r in _rules(station, date(2026, 6, 30)) if r[0] == "S5"]
