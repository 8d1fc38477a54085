"""The results page says how many places an hours or days filter left out because they have not reported them."""

import html as html_lib
import re
from decimal import Decimal

import pytest

from programs.models import ProgramCriteria
from search.query import Search
from tests.search.helpers import names, point_at, search

pytestmark = pytest.mark.django_db

LEFT_OUT_ONE = (
    "1 more facility within 25 miles is not shown because its programs have not reported their weekly hours. "
)


def hours(low, high=None):
    """make_program's weekly hours: one number, a range, or None for not reported."""
    if low is None:
        return {"weekly_hours_min": None, "weekly_hours_max": None}
    return {"weekly_hours_min": Decimal(low), "weekly_hours_max": Decimal(high if high is not None else low)}


def show_them_link(html: str) -> str:
    [href] = re.findall(r'<p class="left-out">.*?<a href="([^"]+)">Show (?:it|them) too</a></p>', html)
    return html_lib.unescape(href)


@pytest.fixture
def dayton_area(make_facility, make_program):
    """Within 25 miles: hours 10, hours 20 and unreported; 40 miles out: unreported."""
    make_program(make_facility(name="Ten Hours", **point_at(2)), **hours(10))
    make_program(make_facility(name="Twenty Hours", **point_at(5, 90)), **hours(20))
    make_program(make_facility(name="Hours Unreported", **point_at(8, 180)), **hours(None))
    make_program(make_facility(name="Far Unreported", **point_at(40, 270)), **hours(None))


def test_it_counts_only_the_unreported_places_within_the_radius(client, dayton_area):
    response = search(client, radius=25, hours_max=12)
    assert names(response) == ["Ten Hours"]
    assert response.context["left_out"] == 1  # not 2: the unreported place 40 miles out is outside the search
    html = response.content.decode()
    assert LEFT_OUT_ONE in html
    assert "2 more facilities" not in html


def test_the_link_turns_include_unreported_on_and_then_they_are_listed(client, dayton_area):
    html = search(client, radius=25, hours_max=12, page=1).content.decode()
    link = show_them_link(html)
    assert link.startswith("/search/?")
    assert "include_unreported=1" in link and "hours_max=12" in link and "radius=25" in link
    assert "page=" not in link

    response = client.get(link)
    assert names(response) == ["Ten Hours", "Hours Unreported"]
    assert response.context["left_out"] == 0
    assert 'class="left-out"' not in response.content.decode()


def test_there_is_no_count_line_and_no_extra_query_without_an_hours_or_days_filter(
    client, dayton_area, django_assert_num_queries
):
    response = search(client, radius=25)
    assert len(names(response)) == 3
    assert response.context["left_out"] == 0
    assert "not shown because" not in response.content.decode()
    with django_assert_num_queries(0):
        assert response.context["search"].left_out_for_unreported_hours() == 0


def test_the_count_keeps_every_other_filter_and_skips_places_already_shown(client, make_facility, make_program):
    make_program(make_facility(name="Ten Hours", **point_at(1)), **hours(10))
    mixed = make_facility(name="Ten And Unreported", **point_at(2))
    make_program(mixed, **hours(10))
    make_program(mixed, **hours(None))  # shown for its other IOP, so not left out
    make_program(make_facility(name="Unreported PHP", **point_at(3)), type="php", **hours(None))  # not an IOP
    make_program(make_facility(name="Unreported IOP", **point_at(4)), **hours(None))
    php_fits = make_facility(name="Unreported IOP, PHP With Ten", **point_at(4.5))
    make_program(php_fits, **hours(None))
    make_program(php_fits, type="php", **hours(10))  # the hours fit, but not at the level asked for
    make_program(make_facility(name="Unreported Unpublished", is_published=False, **point_at(5)), **hours(None))
    unreported_cbt = make_facility(name="Unreported IOP With CBT", **point_at(6))
    make_program(unreported_cbt, therapies=["cbt"], **hours(None))

    response = search(client, radius=25, type="iop", hours_min=9, hours_max=12)
    assert names(response) == ["Ten Hours", "Ten And Unreported"]
    assert response.context["left_out"] == 3
    assert (
        "3 more facilities within 25 miles are not shown because their programs have not reported their weekly hours. "
    ) in response.content.decode()
    assert search(client, radius=25, type="iop", hours_max=12, therapy="cbt").context["left_out"] == 1


def test_a_range_reported_at_one_end_is_not_counted_as_unreported(client, make_facility, make_program):
    make_program(make_facility(name="At Least 20", **point_at(1)), weekly_hours_min=Decimal(20), weekly_hours_max=None)
    make_program(make_facility(name="Unreported", **point_at(2)), **hours(None))
    response = search(client, radius=25, hours_max=12)
    assert names(response) == []
    assert response.context["left_out"] == 1
    assert LEFT_OUT_ONE in response.content.decode()


def test_a_days_filter_counts_places_without_reported_days(client, make_facility, make_program):
    make_program(make_facility(name="Three Days", **point_at(1)), days_per_week_min=3, days_per_week_max=3)
    make_program(make_facility(name="Five Days", **point_at(2)), days_per_week_min=5, days_per_week_max=5)
    unreported = {"days_per_week_min": None, "days_per_week_max": None}
    make_program(make_facility(name="Days Unreported", **point_at(3)), **unreported)
    make_program(make_facility(name="Both Unreported", **point_at(4)), **unreported, **hours(None))

    response = search(client, radius=25, days_max=3)
    assert names(response) == ["Three Days"]
    assert response.context["left_out"] == 2
    html = response.content.decode()
    assert "2 more facilities within 25 miles are not shown because their programs have not reported their days" in html
    assert names(client.get(show_them_link(html))) == ["Three Days", "Days Unreported", "Both Unreported"]

    both = search(client, radius=25, days_max=3, hours_max=12)
    assert both.context["left_out"] == 2
    assert "have not reported their weekly hours or days." in both.content.decode()


def test_a_search_without_a_place_counts_across_the_country(make_facility, make_program):
    make_program(make_facility(name="Ten Hours", **point_at(2)), **hours(10))
    make_program(make_facility(name="Here", **point_at(8)), **hours(None))
    make_program(make_facility(name="Far", **point_at(400)), **hours(None))

    assert Search(programs=ProgramCriteria(hours_max=Decimal(12))).left_out_for_unreported_hours() == 2
    assert Search(programs=ProgramCriteria(hours_max=Decimal(12), include_unreported=True)).results().count() == 3
