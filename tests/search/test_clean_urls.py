"""Clean addresses without JavaScript: a form sent by the browser sends every field, empty ones too; the page answers
with a redirect to the same search without them, so the address a person keeps, shares or comes back to says only
their search (with JavaScript, static/js/filters.js never sends them: tests/e2e/test_phone_search.py)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_form_sent_without_javascript_is_redirected_to_the_search_without_its_empty_fields(client, make_facility):
    make_facility(name="Downtown Recovery")
    sent = "location=45402&lat=&lng=&radius=25&hours_min=&hours_max=&therapy=cbt&therapy=dbt&q=&sort=&p=7&p=9"
    response = client.get(f"/search/?{sent}")
    assert response.status_code == 302
    assert response["Location"] == "/search/?location=45402&radius=25&therapy=cbt&therapy=dbt&p=7&p=9"
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.context["valid"] is True


def test_an_empty_search_goes_to_the_bare_search_page(client):
    response = client.get("/search/?location=&lat=&lng=")
    assert (response.status_code, response["Location"]) == (302, "/search/")


@pytest.mark.parametrize(
    "query",
    [
        "location=45402&radius=25",  # already clean
        "location=45402&therapy=",  # an empty list choice is not something a form sends: the page names it
        "location=45402&radius=&radius=25",  # one of its values is not empty
        "location=45402&unknown=",  # not a field of the search
    ],
)
def test_no_redirect_when_there_is_nothing_a_form_would_have_sent_empty(client, query):
    assert client.get(f"/search/?{query}").status_code == 200
