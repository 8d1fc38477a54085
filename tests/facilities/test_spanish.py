"""A facility's page, the compare page and the correction form in Spanish under /es/, the same address's English
page unchanged, and the result card's short words in the page's language.

The Spanish sentences asserted here come from the Spanish catalogue (locale/es): they need it merged and compiled."""

from decimal import Decimal

import pytest
from django.utils import translation

from facilities.models import Facility, Language, PaymentOption
from facilities.templatetags.facility_tags import hours_or_typical, payment_words, program_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(make_facility, make_program):
    """A facility from the national directory, run by a state, with an IOP that has not reported its hours."""
    facility = make_facility(
        name="Harbor Light Recovery",
        source=Facility.Source.SAMHSA,
        operator=Facility.Operator.STATE_GOVERNMENT,
        location_precision=Facility.LocationPrecision.ZIP,
        telehealth=True,
    )
    facility.payment_options.set(PaymentOption.objects.filter(slug__in=["medicaid", "private-insurance"]))
    make_program(facility, weekly_hours_min=None, weekly_hours_max=None)
    return facility


def test_the_facility_page_is_in_spanish_under_es(client, imported):
    html = client.get(f"/es/facilities/{imported.slug}/").content.decode()
    for spanish in (
        "Del Directorio Nacional 2023 de SAMHSA (encuesta de 2022). Nuestro personal aún no la ha verificado.",
        "Teléfono: del Directorio Nacional 2023 de SAMHSA (encuesta de 2022)",
        "La ubicación en el mapa es aproximada (zona del código postal).",
        "Cómo llegar",
        "<dt>Administrado por</dt><dd>Gobierno estatal</dd>",
        "No informado para este programa; el centro en general: Sí",
        f'¿Hay algún error aquí? <a href="/es/facilities/{imported.slug}/correction/">Sugerir una corrección</a>.',
        "Imprimir hoja de llamadas",
    ):
        assert spanish in html
    assert "Get directions" not in html and "Run by" not in html


def test_the_english_page_is_unchanged(client, imported):
    html = client.get(f"/facilities/{imported.slug}/").content.decode()
    assert "<dt>Run by</dt><dd>State government</dd>" in html
    assert "From SAMHSA&#x27;s National Directory 2023 (a 2022 survey). Not yet verified by our staff." in html
    assert "Cómo llegar" not in html


def test_the_compare_page_says_its_problems_and_distances_in_spanish(client, imported, make_facility, make_program):
    other = make_program(make_facility(name="Other"))
    program = imported.programs.get()
    html = client.get("/es/compare/", {"p": [program.pk, other.pk, "x"], "location": "45402"}).content.decode()
    assert "No se pudieron leer algunos de los programas elegidos, así que no se muestran." in html
    assert "Distancia desde Dayton, OH 45402" in html and " millas</td>" in html
    assert "Última verificación" in html
    empty = client.get("/es/compare/").content.decode()
    assert "Todavía no ha elegido ningún programa." in empty


def test_the_correction_form_is_in_spanish(client, imported):
    html = client.get(f"/es/facilities/{imported.slug}/correction/").content.decode()
    assert "¿Qué está mal?" in html and "No acepta pacientes nuevos" in html and "Enviar la corrección" in html
    response = client.post(f"/es/facilities/{imported.slug}/correction/", {"reason": "closed"})
    assert response["Location"] == f"/es/facilities/{imported.slug}/correction/?sent=1"
    assert (
        "Gracias. Nuestro personal revisará la ficha con el centro."
        in client.get(response["Location"]).content.decode()
    )


def test_the_cards_short_words_follow_the_language(imported, make_facility, make_program):
    program = imported.programs.get()
    no_hours = make_program(make_facility(), **dict.fromkeys(["weekly_hours_min", "weekly_hours_max"]))
    no_hours.days_per_week_min = no_hours.days_per_week_max = no_hours.evening = None
    with translation.override("es"):
        assert payment_words(imported) == "Medicaid, seguro privado"
        assert program_summary(no_hours) == "Horas no informadas"
        typical = hours_or_typical(program)
        assert typical.startswith("No informado. ") and typical.endswith("; pregunte cuando llame.")
    with translation.override("en"):
        assert payment_words(imported) == "Medicaid, private insurance"
        assert program_summary(no_hours) == "Hours not reported"
        one_end = make_program(make_facility(), weekly_hours_min=Decimal(9), weekly_hours_max=None)
        assert program_summary(one_end).startswith("at least 9 hours")


def test_a_facilitys_lists_are_in_the_order_of_the_pages_language(client, make_facility):
    facility = make_facility(name="Harbor Light Recovery")
    facility.languages.set(Language.objects.filter(slug__in=["arabic", "german"]))
    english = client.get(facility.get_absolute_url()).content.decode()
    spanish = client.get(f"/es{facility.get_absolute_url()}").content.decode()
    assert "Arabic, German" in english
    assert "Alemán, Árabe" in spanish  # not "Árabe, Alemán", the English names' order
