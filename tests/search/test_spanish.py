"""The search in Spanish: its page, its messages about a place, the compare form, the words its scripts show, and the
rate limit's answers. The Spanish asserted here is the catalogue's (locale/es/LC_MESSAGES/django.po)."""

import pytest

from tests.search.helpers import point_at

pytestmark = pytest.mark.django_db

NOW = 1_800_000_030.0  # half way through a minute, as tests/iopfinder/test_rate_limits.py


@pytest.fixture
def rate_limits_on(settings, monkeypatch):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (0, 60), "api": (0, 60)}
    monkeypatch.setattr("iopfinder.ratelimit.clock", lambda: NOW)


def test_a_spanish_search_says_its_count_and_place_in_spanish(client, make_facility, make_program):
    make_program(make_facility(name="Harbor Light Recovery", **point_at(2)))
    html = client.get("/es/search/?location=45402").content.decode()
    assert '<html lang="es">' in html
    assert "1 centro a menos de 25 millas de Dayton, OH 45402" in html
    assert "2.0 millas" in html  # the card's distance, with the decimal point of US Spanish (iopfinder/formats/es)
    assert "A menos de 25 millas" in html  # the radius chosen
    assert "within 25 miles" not in html


def test_a_place_that_cannot_be_found_is_explained_in_spanish(client):
    html = client.get("/es/search/?location=zzzz").content.decode()
    assert (
        "No encontramos ninguna ciudad llamada &#x27;zzzz&#x27;. Escriba un código postal (ZIP) de 5 dígitos, o una "
        "ciudad y un estado, como Dayton, OH."
    ) in html
    assert "Revise su búsqueda" in html


def test_a_place_with_several_cities_asks_which_in_spanish(client):
    html = client.get("/es/search/?location=springfield").content.decode()
    assert "Hay una ciudad llamada Springfield en" in html and "¿Cuál de ellas busca?" in html


def test_a_query_too_big_is_refused_in_spanish(client):
    response = client.get("/es/search/?" + "&".join(["type=iop"] * 301))
    assert response.status_code == 400
    assert "Esta búsqueda tiene 301 parámetros; una búsqueda puede tener como máximo 300." in response.content.decode()


def test_the_browsers_location_is_named_in_spanish_and_the_compare_form_keeps_its_point(
    client, make_facility, make_program
):
    make_program(make_facility(**point_at(2)))
    english = client.get("/search/?lat=39.7563&lng=-84.1895").content.decode()
    spanish = client.get("/es/search/?lat=39.7563&lng=-84.1895").content.decode()
    assert "within 25 miles of your location" in english
    assert "a menos de 25 millas de su ubicación" in spanish
    # The compare form sends the point, not the words that name it, in either language.
    for html in (english, spanish):
        assert '<input type="hidden" name="lat" value="39.7563">' in html
        assert 'name="location"' not in html.split('id="compare-form"')[1].split("</form>")[0]


def test_the_scripts_words_come_from_the_spanish_page(client, make_facility, make_program):
    make_program(make_facility(**point_at(2)))
    html = client.get("/es/search/?location=45402").content.decode()
    assert 'data-finding="Buscando su ubicación…"' in html  # static/js/locate.js
    assert 'data-chosen-one="{n} elegido"' in html and 'data-chosen-many="{n} elegidos"' in html  # filters.js
    assert 'data-too-many="Puede comparar hasta 4 programas. Desmarque uno para elegir otro."' in html
    assert 'data-zoom-in="Acercar"' in html  # static/js/map.js


def test_the_rate_limit_page_is_spanish_under_es(client, rate_limits_on):
    response = client.get("/es/search/?location=45402")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Demasiadas solicitudes a la vez" in html
    assert "Espere 30 segundos y vuelva a intentarlo." in html


def test_the_apis_rate_limit_follows_its_language(client, rate_limits_on):
    response = client.get("/api/v1/facilities/?location=45402&lang=es")
    assert response.status_code == 429
    assert response.json()["errors"]["rate_limit"] == [
        "Demasiadas solicitudes desde su conexión. Vuelva a intentarlo en 30 segundos."
    ]
