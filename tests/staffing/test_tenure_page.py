"""The district's 任职待遇 page: heads and deputies, the benefit now and the date it is due.

That every role but the district gets 404 for it is the scope sweep's
(``tests/test_scope_sweep.py``, ``ROLE_PAGES``)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import AppraisalFactory, PostFactory


def _row(body, name):
    return body.split(name)[1].split("</tr>")[0]


def test_tenure_page_shows_benefit_payable_date_and_what_is_missing(
    client_for, district_user, station
):
    today = timezone.localdate()
    veteran = PostFactory(
        unit=station, person__name="老站长", post="head", start=today.replace(year=today.year - 4)
    ).person
    AppraisalFactory(person=veteran, year=today.year - 1, grade="qualified")
    # Three years are reached in 30 days and the deciding appraisal passed: the date shows.
    due = today + timedelta(days=30)
    soon = PostFactory(
        unit=station, person__name="将满副站长", post="deputy", start=due.replace(year=due.year - 3)
    ).person
    AppraisalFactory(person=soon, year=due.year - 1, grade="excellent")
    # A new deputy without that appraisal: no date, the page says what is missing.
    PostFactory(unit=station, person__name="新副站长", post="deputy", start=today)
    body = client_for(district_user).get(reverse("staffing:tenure")).content.decode()
    assert "参照专职社区工作者正职待遇" in _row(body, "老站长")
    assert due.isoformat() in _row(body, "将满副站长")
    new = _row(body, "新副站长")
    assert "任职未满 3 年" in new
    assert (today.replace(year=today.year + 3)).isoformat() not in new


def test_tenure_page_filters_by_street(client_for, district_user, station, other_station):
    PostFactory(unit=station, person__name="本街站长", post="head")
    PostFactory(unit=other_station, person__name="他街站长", post="head")
    url = reverse("staffing:tenure")
    response = client_for(district_user).get(url, {"street": other_station.street.pk})
    body = response.content.decode()
    assert "他街站长" in body and "本街站长" not in body
