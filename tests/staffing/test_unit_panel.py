"""The staffing panel of a unit's page: who is in post, and what S1 requires."""

from datetime import date

from tests.factories import PostFactory


def test_unit_panel_lists_staff_in_post_and_the_s1_requirement(
    client_for, street_clerk, station, person
):
    gone = PostFactory(unit=station, person__name="早已离任", end=date(2021, 1, 1)).person
    body = client_for(street_clerk).get(station.get_absolute_url()).content.decode()
    panel = body.split('id="staffing-panel"')[1].split("</section>")[0]
    assert person.name in panel and "持证" in panel
    assert gone.name not in panel
    assert "应配备专职持证社工 3 人" in panel
    assert 'href="/rules/#rule-S1"' in panel
