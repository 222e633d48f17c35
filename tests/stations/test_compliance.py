"""L1: every unit keeps its three lists; the findings reach the unit page and the command."""

from datetime import date

from shangcheng.compliance import findings_for_units
from tests.factories import ListItemFactory

ON = date(2026, 11, 29)


def _l1(findings):
    return sorted(f.message for f in findings if f.rule == "L1")


def test_a_unit_without_lists_has_three_l1_violations(station):
    findings = findings_for_units([station], ON)[station.pk]
    assert len(_l1(findings)) == 3
    assert all(f.severity == "violation" for f in findings if f.rule == "L1")


def test_each_kept_list_clears_its_finding(station, workroom):
    ListItemFactory(unit=station, list="needs")
    ListItemFactory(unit=station, resource=True)
    ListItemFactory(unit=workroom, list="projects")
    found = findings_for_units([station, workroom], ON)
    assert _l1(found[station.pk]) == ["尚未建立服务项目清单"]
    assert _l1(found[workroom.pk]) == ["尚未建立优势资源清单", "尚未建立服务需求清单"]


def test_l1_is_on_the_unit_page(client_for, street_clerk, station):
    body = client_for(street_clerk).get(station.get_absolute_url()).content.decode()
    assert 'href="/rules/#rule-L1"' in body and "尚未建立服务需求清单" in body
