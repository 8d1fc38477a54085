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


def test_without_javascript_ticks_on_two_pages_of_results_reach_the_compare_page_together(
    client, make_facility, make_program
):
    """The no-JavaScript way: compare the ticks of page 1, come back (the compare page's link carries them), turn
    the page (its links keep them), tick one more: the form sends the kept ticks with the new one."""
    for n in range(25):  # two pages of results
        make_program(make_facility(name=f"Place {n:02d}", latitude=39.7589 + n * 0.001))
    results = client.get("/search/?location=45402")
    page_one = [pk for hit in results.context["page"] for pk in hit.program_pks]
    first, second = page_one[:2]
    compared = compare(client, first, second, search="location=45402")
    back = compared.context["back_url"]
    assert back == f"/search/?location=45402&p={first}&p={second}"
    again = client.get(back)
    html = again.content.decode()
    assert f'value="{first}" form="compare-form" checked' in html  # ticked where they are shown
    page_two = client.get(back + "&page=2")
    assert page_two.context["kept_ticks"] == [str(first), str(second)]
    html = page_two.content.decode()
    assert f'<input type="hidden" name="p" value="{first}">' in html
    assert "2 ticked on other pages are kept." in html
    third = next(pk for hit in page_two.context["page"] for pk in hit.program_pks)
    sent = compare(client, first, second, third, search=f"location=45402&p={first}&p={second}&page=2")
    assert [p.pk for p in sent.context["programs"]] == [first, second, third]
    assert sent.context["back_url"] == f"/search/?location=45402&p={first}&p={second}&p={third}&page=2"


def test_the_way_back_from_the_compare_page_is_only_ever_the_search(client, make_facility, make_program):
    program = make_program(make_facility(name="First Place"))
    assert compare(client, program.pk).context["back_url"] == "/search/"
    assert compare(client, program.pk, search="x" * 9000).context["back_url"] == "/search/"
    many = "&".join(["a=1"] * 1500)  # more fields than Django reads: the address as it came, never a 400 or 500
    response = compare(client, program.pk, search=many)
    assert response.status_code == 200 and response.context["back_url"] == f"/search/?{many}"
