import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def compare(client, *ids, **params):
    return client.get("/compare/", {"p": [str(pk) for pk in ids], **params})


def test_programs_appear_side_by_side_in_the_order_chosen_with_distance(client, make_facility, make_program):
    first = make_program(make_facility(name="First Place"), therapies=["cbt"])
    second = make_program(make_facility(name="Second Place", latitude=39.9, longitude=-84.2), type="php",
                          weekly_hours_min=20, weekly_hours_max=25)  # fmt: skip
    response = compare(client, second.pk, first.pk, location="45402")
    assert [p.pk for p in response.context["programs"]] == [second.pk, first.pk]
    html = response.content.decode()
    assert html.index("Second Place") < html.index("First Place")
    assert "Distance from Dayton, OH 45402" in html and "20–25 hours a week" in html


def test_at_most_four_are_compared_and_bad_or_gone_ids_are_explained(client, make_facility, make_program):
    programs = [make_program(make_facility(name=f"Place {n}")) for n in range(5)]
    hidden = make_program(make_facility(name="Closed", is_published=False))
    response = compare(client, *[p.pk for p in programs])
    assert len(response.context["programs"]) == 4
    assert "up to 4 programs" in response.content.decode()
    response = client.get("/compare/?p=abc&p=%ff&p=" + str(hidden.pk) + "&p=99999999999999999999")
    html = response.content.decode()
    assert response.status_code == 200 and response.context["programs"] == []
    assert "could not be read" in html and "no longer listed" in html


def test_the_compare_page_runs_a_fixed_number_of_queries(client, make_facility, make_program):
    def queries(*ids):
        with CaptureQueriesContext(connection) as captured:
            compare(client, *ids)
        return len(captured)

    one = make_program(make_facility(), therapies=["cbt"])
    four = [make_program(make_facility(), therapies=["cbt", "dbt", "group-therapy"]) for _ in range(4)]
    assert queries(one.pk) == queries(*[p.pk for p in four]) <= 5
