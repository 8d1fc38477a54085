"""The API's language: `lang` (en, es), else Accept-Language, else English. Only the words for people change (messages,
names of list entries); codes, slugs and keys are the same in both, and the answer names its language.

The assertions on Spanish wording of our own catalogue (marked below) need the catalogue that merges
/tmp/tr/programs.po; Django's own Spanish (form messages) and the vocabularies' Spanish names need nothing more.
"""

import pytest

from facilities.models import Eligibility
from tests.search.test_api import LIST, assert_valid

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def doc(client):
    return client.get("/api/v1/schema/").json()


@pytest.fixture
def women_only(make_facility, make_program):
    facility = make_facility(name="Women's House")
    make_program(facility, type="residential", accepting="waitlist", waitlist_weeks=2)
    make_program(facility, detox="onsite")
    facility.eligibility.set(Eligibility.objects.filter(slug="women-only"))
    Eligibility.objects.filter(slug="women-only").update(name="Women only", name_es="Solo mujeres")
    return facility


def without_words(data):
    """The answer without its words for people and its page addresses (/es/… in Spanish): what must not change."""
    for item in data.get("results", [data]):
        del item["provenance"], item["who_is_served"], item["url"]
    return data


@pytest.mark.parametrize(("query", "headers"), [({"lang": "es"}, {}), ({}, SPANISH)], ids=["lang", "accept-language"])
def test_spanish_names_the_same_codes_and_slugs_in_spanish_words(client, doc, women_only, query, headers):
    english = client.get(LIST)
    spanish = client.get(LIST, query, **headers)
    assert (english["Content-Language"], spanish["Content-Language"]) == ("en", "es")
    assert_valid(doc, "FacilityList", spanish.json())
    assert english.json()["results"][0]["who_is_served"] == ["Women only"]
    assert spanish.json()["results"][0]["who_is_served"] == ["Solo mujeres"]
    assert spanish.json()["results"][0]["url"] == f"http://testserver/es/facilities/{women_only.slug}/"
    assert without_words(spanish.json()) == without_words(english.json())


def test_the_detail_speaks_spanish_with_the_same_codes(client, doc, women_only):
    url = f"/api/v1/facilities/{women_only.slug}/"
    english, spanish = client.get(url), client.get(url, {"lang": "es"})
    assert spanish["Content-Language"] == "es"
    assert_valid(doc, "FacilityDetail", spanish.json())
    assert spanish.json()["who_is_served"] == ["Solo mujeres"]
    assert without_words(spanish.json()) == without_words(english.json())
    assert [program["type"] for program in spanish.json()["programs"]] == ["iop", "residential"]


@pytest.mark.parametrize(
    ("query", "accept", "language"),
    [
        ({"lang": "en"}, "es", "en"),  # lang wins over the header
        ({"lang": "es"}, "en", "es"),
        ({}, "fr, es;q=0.8, en;q=0.5", "es"),  # the client's most wanted language that the API speaks
        ({}, "es-MX", "es"),
        ({}, "fr", "en"),
        ({}, "", "en"),
        ({"lang": ""}, "", "en"),  # empty: not given
    ],
)
def test_lang_else_accept_language_else_english(client, query, accept, language):
    response = client.get(LIST, query, HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("value", ["fr", "ES", "es-MX", "spanish"])
def test_an_unknown_lang_is_a_400_naming_it(client, doc, women_only, value):
    for url in (LIST, f"/api/v1/facilities/{women_only.slug}/"):
        response = client.get(url, {"lang": value})
        assert response.status_code == 400, url
        assert_valid(doc, "Errors", response.json())
        assert list(response.json()["errors"]) == ["lang"], url
        assert value in response.json()["errors"]["lang"][0]


def test_an_unknown_lang_is_named_with_the_other_bad_parameters(client, doc):
    response = client.get(LIST, {"lang": "fr", "radius": "7", "type": "bogus"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"lang", "radius", "type"}


def test_form_messages_follow_the_language(client):
    # Django's own Spanish catalogue words the choice fields' messages.
    english = client.get(LIST, {"type": "bogus"}).json()["errors"]["type"]
    spanish = client.get(LIST, {"type": "bogus", "lang": "es"}).json()["errors"]["type"]
    assert english == ["Select a valid choice. bogus is not one of the available choices."]
    assert spanish == ["Escoja una opción válida. bogus no es una de las opciones disponibles."]


def test_the_apis_own_messages_follow_the_language(client, women_only):
    page = client.get(LIST, {"page": "9", "lang": "es"}).json()["errors"]["page"]
    assert page == ["Solo hay 1 página."]
    slug = client.get("/api/v1/facilities/no-such-place/", **SPANISH).json()["errors"]["slug"]
    assert slug == ["Ningún centro publicado tiene el slug 'no-such-place'."]
    lang = client.get(LIST, {"lang": "fr"}, **SPANISH).json()["errors"]["lang"]
    assert lang == ["fr no es un idioma de la API; use uno de estos: en, es."]


def test_the_english_messages(client, women_only):
    assert client.get(LIST, {"page": "9"}).json()["errors"]["page"] == ["There is only 1 page."]
    slug = client.get("/api/v1/facilities/no-such-place/").json()["errors"]["slug"]
    assert slug == ["No published facility has the slug 'no-such-place'."]
    lang = client.get(LIST, {"lang": "fr"}).json()["errors"]["lang"]
    assert lang == ["fr is not a language of the API; use one of: en, es."]


def test_the_next_and_previous_pages_keep_the_language(client, make_facility, make_program):
    for _ in range(2):
        make_program(make_facility())
    first = client.get(LIST, {"page_size": "1", "lang": "es"}).json()
    assert "lang=es" in first["next"]
    assert "lang=es" in client.get(first["next"]).json()["previous"]


# The document


def test_the_document_lists_lang_and_accept_language_on_both_data_paths(doc):
    for path in (LIST, "/api/v1/facilities/{slug}/"):
        parameters = {parameter["name"]: parameter for parameter in doc["paths"][path]["parameters"]}
        assert parameters["lang"]["in"] == "query"
        assert parameters["lang"]["schema"]["enum"] == ["en", "es"]
        assert parameters["Accept-Language"]["in"] == "header"
        assert all(parameter["description"] for parameter in parameters.values())
        responses = doc["paths"][path]["get"]["responses"]
        assert "400" in responses
        assert "Content-Language" in responses["200"]["headers"]


def test_the_api_accepts_each_documented_language_and_refuses_another(client, doc, women_only):
    parameter = next(parameter for parameter in doc["paths"][LIST]["parameters"] if parameter["name"] == "lang")
    for code in parameter["schema"]["enum"]:
        for url in (LIST, f"/api/v1/facilities/{women_only.slug}/"):
            response = client.get(url, {"lang": code})
            assert (response.status_code, response["Content-Language"]) == (200, code), url
    assert "lang" in client.get(LIST, {"lang": "not-a-choice"}).json()["errors"]


# The page cache


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # data versions change on commit
def test_a_kept_answer_is_never_served_in_another_language(client, settings, women_only, django_assert_num_queries):
    settings.PAGE_CACHE = True
    english = client.get(LIST)
    spanish = client.get(LIST, **SPANISH)  # the same address: kept apart by its language
    assert spanish.json()["results"][0]["who_is_served"] == ["Solo mujeres"]
    with django_assert_num_queries(0):
        english_again = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
        spanish_again = client.get(LIST, **SPANISH)
    assert (english_again.content, english_again["Content-Language"]) == (english.content, "en")
    assert (spanish_again.content, spanish_again["Content-Language"]) == (spanish.content, "es")
    assert english_again["ETag"] != spanish_again["ETag"]
