"""The whole public site in Spanish: every template's words are marked for translation, every entry of the catalogue
is translated, and every public page, in each state a person can reach, shows no English sentence of the site."""

from datetime import timedelta

import pytest
from django.test import Client
from django.test.client import RequestFactory
from django.utils import timezone, translation

from facilities.models import PaymentOption
from iopfinder import catalogue
from iopfinder.views import server_error
from programs.models import Program
from tests.iopfinder.spanish import CATALOGUE, english_sentences, page_text, public_templates, unmarked_text
from updates.models import UpdateLink

LEARN = ["", "what-is-an-iop/", "levels-of-care/", "therapies/", "what-to-expect/", "questions-to-ask/", "faq/"]


def test_every_entry_of_the_spanish_catalogue_is_translated_and_none_is_fuzzy():
    assert catalogue.problems(CATALOGUE) == []


@pytest.mark.parametrize("template", public_templates(), ids=lambda path: path.name)
def test_no_public_template_has_words_outside_a_translation(template):
    assert unmarked_text(template.read_text()) == []


@pytest.fixture
def site(make_facility, make_program):
    facility = make_facility(name="Harbor Light Recovery", website="https://harbor.example")
    facility.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
    evening = make_program(facility, therapies=["cbt"], name="Evening IOP", accepting=Program.Accepting.YES)
    day = make_program(facility, type=Program.Type.PHP, weekly_hours_min=20, weekly_hours_max=25, daytime=True)
    now = timezone.now()
    return {
        "facility": facility,
        "programs": (evening, day),
        # Links a curator sent in Spanish: their address is the Spanish form's.
        "open": UpdateLink.objects.create(facility=facility, language="es"),
        "used": UpdateLink.objects.create(facility=facility, language="es", used_at=now),
        "expired": UpdateLink.objects.create(facility=facility, language="es", expires_at=now - timedelta(days=1)),
    }


def spanish(url: str) -> str:
    return f"/es{url}"


def pages(site) -> dict[str, tuple]:
    """name: (method, address, data, the status it answers with)."""
    slug = site["facility"].slug
    ticks = "&".join(f"p={program.pk}" for program in site["programs"])
    links = {state: site[state].get_absolute_url() for state in ("open", "used", "expired")}
    return {
        "home": ("get", "/es/", None, 200),
        "about": ("get", "/es/about/", None, 200),
        "search-start": ("get", "/es/search/", None, 200),
        "search-results": ("get", "/es/search/?location=45402", None, 200),
        "search-filtered": (
            "get",
            "/es/search/?location=45402&type=iop&therapy=cbt&payment=medicaid&evening=on",
            None,
            200,
        ),
        "search-sorted": ("get", "/es/search/?location=45402&sort=name", None, 200),
        "search-no-results": ("get", "/es/search/?location=59001&radius=5", None, 200),
        "search-unknown-place": ("get", "/es/search/?location=zzzz", None, 200),
        "search-bad-filter": ("get", "/es/search/?location=45402&therapy=no-such-therapy&hours_min=x", None, 200),
        "search-too-big": ("get", "/es/search/?" + "&".join(["type=iop"] * 301), None, 400),
        "facility": ("get", f"/es/facilities/{slug}/", None, 200),
        "compare-two": ("get", f"/es/compare/?{ticks}", None, 200),
        "compare-none": ("get", "/es/compare/", None, 200),
        "compare-gone": ("get", "/es/compare/?p=99999", None, 200),
        **{f"learn-{path or 'index'}": ("get", f"/es/learn/{path}", None, 200) for path in LEARN},
        "correction": ("get", f"/es/facilities/{slug}/correction/", None, 200),
        "correction-message": ("post", f"/es/facilities/{slug}/correction/", {"details": "x"}, 400),
        "correction-thanks": ("get", f"/es/facilities/{slug}/correction/?sent=1", None, 200),
        "update-open": ("get", links["open"], None, 200),
        "update-message": ("post", links["open"], {f"program-{site['programs'][0].pk}-waitlist_weeks": "0"}, 400),
        "update-thanks": ("get", "/es/update/sent/", None, 200),
        "update-used": ("get", links["used"], None, 410),
        "update-expired": ("get", links["expired"], None, 410),
        "update-not-ours": ("get", "/es/update/not-a-token:x/", None, 404),
        "new-link-message": ("post", links["expired"].rstrip("/") + "/new-link/", {}, 400),
        "new-link-thanks": ("get", "/es/update/new-link/sent/", None, 200),
        "not-found": ("get", "/es/no-such-page/", None, 404),
        "bad-request": ("get", f"/es/facilities/{slug}/correction/?" + "&".join(["sent=1"] * 1001), None, 400),
    }


PAGE_NAMES = [
    "home", "about", "search-start", "search-results", "search-filtered", "search-sorted", "search-no-results",
    "search-unknown-place", "search-bad-filter", "search-too-big", "facility", "compare-two", "compare-none",
    "compare-gone", *(f"learn-{path or 'index'}" for path in LEARN), "correction", "correction-message",
    "correction-thanks", "update-open", "update-message", "update-thanks", "update-used", "update-expired",
    "update-not-ours", "new-link-message", "new-link-thanks", "not-found", "bad-request",
]  # fmt: skip


@pytest.fixture(scope="module")
def sentences():
    return english_sentences()


def assert_spanish(html: str, sentences: set[str]):
    assert '<html lang="es">' in html
    text = page_text(html)
    english = sorted(sentence for sentence in sentences if sentence in text)
    assert english == [], f"English on a Spanish page: {english}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_public_page_in_spanish_shows_no_english_sentence_of_the_site(client, site, sentences, name):
    method, url, data, status = pages(site)[name]
    response = getattr(client, method)(url, data)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Language"] == "es"
    assert_spanish(response.content.decode(), sentences)


@pytest.mark.django_db
def test_the_rate_limit_page_in_spanish(client, settings, sentences):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (0, 60)}
    response = client.get("/es/search/?location=45402")
    assert response.status_code == 429
    assert_spanish(response.content.decode(), sentences)


@pytest.mark.django_db
def test_the_form_refused_for_its_cookie_in_spanish(site, sentences):
    checked = Client(enforce_csrf_checks=True)
    response = checked.post(f"/es/facilities/{site['facility'].slug}/correction/", {"reason": "phone"})
    assert response.status_code == 403
    assert_spanish(response.content.decode(), sentences)


def test_the_server_error_page_in_spanish(sentences):
    with translation.override("es"):
        response = server_error(RequestFactory().get("/es/"))
    assert response.status_code == 500
    assert_spanish(response.content.decode(), sentences)


@pytest.mark.django_db
def test_a_spanish_page_is_spanish_and_links_its_english_twin(client):
    html = client.get("/es/search/?location=45402&type=iop").content.decode()
    assert "Buscar un programa" in html
    assert 'hreflang="en" href="http://testserver/search/?location=45402&amp;type=iop"' in html
    assert 'hreflang="es" href="http://testserver/es/search/?location=45402&amp;type=iop"' in html
    # The switcher keeps the search: the same place and filters, in English.
    assert '<a href="/search/?location=45402&amp;type=iop" hreflang="en" lang="en">English</a>' in html


@pytest.mark.django_db
def test_an_english_page_links_its_spanish_twin_and_stays_english(client):
    response = client.get("/search/?location=45402", HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert '<html lang="en">' in html  # the address decides, not the browser's languages
    assert '<a href="/es/search/?location=45402" hreflang="es" lang="es">Español</a>' in html


@pytest.mark.django_db
def test_the_language_sets_no_cookie(client):
    response = client.get("/es/")
    assert response.status_code == 200
    assert not response.cookies
