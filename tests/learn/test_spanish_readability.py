"""The Spanish Learn pages (/es/learn/…): plain to read, the same facts and structure as the English pages."""

import json
import re
from dataclasses import fields
from itertools import pairwise

import pytest
from django.utils import translation
from textstat.textstat import textstatistics

from programs.levels import COMPARISON_ROWS, LEVELS
from programs.models import Therapy
from tests.learn.test_learn import BodyText

pytestmark = pytest.mark.django_db

# Spanish path: words its <title> must contain.
SPANISH_PAGES = {
    "/es/learn/": "Aprenda sobre el tratamiento",
    "/es/learn/what-is-an-iop/": "¿Qué es un programa intensivo ambulatorio (IOP)?",
    "/es/learn/levels-of-care/": "los niveles de atención",
    "/es/learn/therapies/": "Las terapias",
    "/es/learn/what-to-expect/": "Qué esperar",
    "/es/learn/questions-to-ask/": "Preguntas para hacerle",
    "/es/learn/faq/": "Preguntas frecuentes",
}
# About 8th grade ("bastante fácil" starts at 70); the pages aim at 75 or more to leave room for edits.
MIN_FERNANDEZ_HUERTA = 70
# What each page must say in its own words (not only through the level facts, which come from the catalogue).
KEY_FACTS = {
    "/es/learn/": [
        "programa intensivo ambulatorio (IOP)",
        "programa de hospitalización parcial (PHP)",
        "10 a 15 horas por semana",
        "25 a 30 horas por semana",
        "30 días o más",
    ],
    "/es/learn/what-is-an-iop/": [
        "programa intensivo ambulatorio (IOP)",
        "10 a 15 horas por semana",
        "3 a 5 días",
        "8 a 12 semanas",
        "desintoxicación",
    ],
    "/es/learn/levels-of-care/": [
        "programa intensivo ambulatorio (IOP)",
        "programa de hospitalización parcial (PHP)",
        "10 a 15 horas por semana",
        "25 a 30 horas por semana",
        "tratamiento residencial",
        "30 días o más",
        "Criterios de ASAM",
    ],
    "/es/learn/therapies/": ["Terapia cognitivo-conductual (CBT)", "Terapia de grupo", "Prevención de recaídas"],
    "/es/learn/what-to-expect/": ["8 a 12 semanas", "telesalud", "atención de seguimiento"],
    "/es/learn/questions-to-ask/": ["tarjeta del seguro", "Desintoxicación:", "Medicamentos:"],
    "/es/learn/faq/": ["programa de hospitalización parcial (PHP)", "de 10 a 15", "de 25 a 30", "1-800-662-4357"],
}

SPANISH = textstatistics()
SPANISH.set_lang("es")  # pyphen's Spanish hyphenation counts the syllables; nothing is downloaded


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def main_of(html: str) -> str:
    return re.search(r"<main\b.*?</main>", html, re.DOTALL).group()


# --- The page's own prose ------------------------------------------------------------------------------------------
# What is scored is what the Spanish page itself says: its template's headings, paragraphs, lists and table caption,
# the FAQ and category intros of learn/content/*.es.toml, and the therapies' Spanish names and descriptions (database
# rows). The page as read (`as_read`, below) is scored too, with all it shows. Left out of its own prose, because
# they are not written in its template or content files:
# - navigation (the Learn sub-navigation and the on-this-page lists, which repeat the headings), scripts and the
#   site's crisis banner;
# - the sources: citations of English titles, not sentences;
# - the shared parts worded in the catalogue: the not-medical-advice note and the call checklist (also scored on
#   their own below);
# - any block that shows a level fact from programs/levels.py or a therapy category name (Spanish through the
#   catalogue): the block equals one, or contains one of three words or more ("Buscar un IOP cerca de usted").


def not_own_prose(tag: str, attrs: dict) -> bool:
    classes = (attrs.get("class") or "").split()
    return (
        tag in {"nav", "script", "style"}
        or attrs.get("id") in {"sources", "questions-checklist"}
        or "crisis" in classes
        or "learn-note" in classes
    )


class MainText(BodyText):
    """The text of <main>, one string per block, without the elements that `leave_out(tag, attrs)` is true for."""

    def __init__(self, leave_out):
        super().__init__()
        self.leave_out = leave_out

    def leaves_out(self, tag: str, attrs: dict) -> bool:
        return self.leave_out(tag, attrs)


def borrowed_texts() -> set[str]:
    """The level facts, the comparison rows' labels and the therapy category names, as the Spanish pages show them."""
    with translation.override("es"):
        texts = {str(getattr(level, field.name) or "") for level in LEVELS for field in fields(level)}
        texts |= {str(label) for label, _ in COMPARISON_ROWS}
        texts |= {str(label) for label in Therapy.Category.labels}
    return {text for text in texts if text}


def main_text(html: str, leave_out=not_own_prose) -> list[str]:
    parser = MainText(leave_out)
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


def own_prose(html: str) -> list[str]:
    borrowed = borrowed_texts()
    return [
        block
        for block in main_text(html)
        if not any(block == text or (len(text.split()) >= 3 and text in block) for text in borrowed)
    ]


def fernandez_huerta(blocks: list[str]) -> float:
    """206.84 − 60 × syllables per word − 1.02 × words per sentence (textstat's Spanish). A heading, list item or table
    cell ends a sentence for the count, as it does for a reader."""
    text = " ".join(block if block[-1] in ".!?" else f"{block}." for block in blocks)
    return SPANISH.fernandez_huerta(text)


def test_the_formula_scores_short_plain_spanish_high_and_long_dense_spanish_low():
    assert fernandez_huerta(["Usted vive en su casa.", "Va al grupo tres días por semana."]) > 90
    dense = (
        "La implementación de intervenciones farmacológicas y psicoterapéuticas interdisciplinarias demuestra "
        "considerable efectividad terapéutica respecto de la dependencia fisiológica, independientemente de las "
        "características heterogéneas de la población estudiada."
    )
    assert fernandez_huerta([dense]) < 30


def test_own_prose_leaves_out_the_navigation_sources_note_and_level_facts(client):
    blocks = own_prose(page(client, "/es/learn/"))
    text = " ".join(blocks)
    assert "Aprenda sobre el tratamiento de adicciones" in blocks
    assert "Assessing the Evidence" not in text  # the sources
    assert "988" not in text  # the note, and the crisis banner outside <main>
    assert not any(str(level.summary) in text for level in LEVELS)
    assert "Empiece aquí" in blocks
    checklist_page = " ".join(own_prose(page(client, "/es/learn/questions-to-ask/")))
    assert "Antes de llamar" in checklist_page
    assert "Medicare" not in checklist_page  # the call checklist


def as_read(html: str) -> list[str]:
    """Every block of <main> a reader reads on the page: its prose, the level facts and therapies it shows, the call
    checklist and the note; not the navigation or the sources (English titles, cited)."""
    parser = BodyText()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_each_spanish_page_as_read_scores_fernandez_huerta_70_or_easier(client, path):
    blocks = as_read(page(client, path))
    assert sum(len(block.split()) for block in blocks) > 150, blocks
    score = fernandez_huerta(blocks)
    assert score >= MIN_FERNANDEZ_HUERTA, f"{path} scores {score:.1f} on Fernández-Huerta, below {MIN_FERNANDEZ_HUERTA}"


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_each_spanish_pages_own_prose_scores_fernandez_huerta_70_or_easier(client, path):
    blocks = own_prose(page(client, path))
    assert sum(len(block.split()) for block in blocks) > 100, blocks  # a page of prose, not a stray heading
    score = fernandez_huerta(blocks)
    assert score >= MIN_FERNANDEZ_HUERTA, f"{path} scores {score:.1f} on Fernández-Huerta, below {MIN_FERNANDEZ_HUERTA}"


def test_the_shared_parts_read_at_fernandez_huerta_70_or_easier_in_spanish(client):
    html = page(client, "/es/learn/questions-to-ask/")
    checklist = re.search(r'<section class="questions-checklist".*?</section>', html, re.DOTALL).group()
    note = re.search(r'<aside class="learn-note".*?</aside>', html, re.DOTALL).group()
    blocks = main_text(f"<main>{checklist}{note}</main>", leave_out=lambda tag, attrs: False)
    assert "Medicare" in " ".join(blocks)
    score = fernandez_huerta(blocks)
    assert score >= MIN_FERNANDEZ_HUERTA, f"The call checklist and note score {score:.1f}, below {MIN_FERNANDEZ_HUERTA}"


# --- Facts and structure -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "facts"), KEY_FACTS.items())
def test_each_spanish_page_states_the_key_facts_in_its_own_words(client, path, facts):
    text = " ".join(own_prose(page(client, path)))
    for fact in facts:
        assert fact in text, f"{path} does not say {fact!r}"


@pytest.mark.parametrize(("path", "title"), SPANISH_PAGES.items())
def test_each_spanish_page_has_a_spanish_title_and_description(client, path, title):
    html = page(client, path)
    assert '<html lang="es">' in html
    assert title in re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert 80 <= len(description) <= 200, description  # what a search result shows
    assert "No paid placement" not in description


def ids_and_links(html: str) -> tuple[list[str], list[str]]:
    main = main_of(html)
    return sorted(re.findall(r'\bid="([^"]+)"', main)), sorted(re.findall(r'\bhref="([^"]+)"', main))


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_each_spanish_page_keeps_the_english_pages_anchors_and_links(client, path):
    english_ids, english_links = ids_and_links(page(client, path.removeprefix("/es")))
    spanish_ids, spanish_links = ids_and_links(page(client, path))
    assert spanish_ids == english_ids
    # The site's own links stay in Spanish (/es/…); anchors, phone numbers and the sources are the same.
    assert spanish_links == sorted(f"/es{link}" if link.startswith("/") else link for link in english_links)


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_spanish_headings_are_in_order(client, path):
    levels_in_order = [int(level) for level in re.findall(r"<h([1-6])\b", page(client, path))]
    assert levels_in_order[0] == 1
    assert levels_in_order.count(1) == 1
    for previous, current in pairwise(levels_in_order):
        assert current <= previous + 1, f"{path}: h{previous} is followed by h{current}"


def test_the_spanish_therapies_page_shows_each_therapys_spanish_words_or_its_english_until_translated(client):
    Therapy.objects.create(slug="art-of-test", name="A therapy a curator added", category="support")
    html = page(client, "/es/learn/therapies/")
    assert '<h3 id="cbt-title">Terapia cognitivo-conductual (CBT)</h3>' in html
    assert "Cognitive behavioral therapy" not in html
    assert '<h3 id="art-of-test-title">A therapy a curator added</h3>' in html
    for therapy in Therapy.objects.all():
        assert f'href="/es/search/?therapy={therapy.slug}"' in html
    assert "Tiempo a solas con un consejero o terapeuta." in html  # the category intro


# --- FAQ -----------------------------------------------------------------------------------------------------------


def faq_json_ld(html: str) -> dict:
    head = html[: html.index("</head>")]
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.DOTALL).group(1))


def test_the_spanish_faq_json_ld_is_in_spanish_and_matches_the_page(client):
    html = page(client, "/es/learn/faq/")
    data = faq_json_ld(html)
    headings = re.findall(r'<h2 class="faq-question" id="[^"]+">(.*?)</h2>', html)
    assert data["inLanguage"] == "es"
    assert data["mainEntity"][0]["name"] == headings[0] == "¿Qué es un programa intensivo ambulatorio (IOP)?"
    assert [item["name"] for item in data["mainEntity"]] == headings
    answers = " ".join(item["acceptedAnswer"]["text"] for item in data["mainEntity"])
    assert "Un IOP es un tratamiento para el consumo de drogas o alcohol." in answers
    assert "{" not in answers and "}" not in answers  # every fact was filled in


def test_the_spanish_faq_has_the_english_questions_slugs_and_links(client):
    spanish, english = page(client, "/es/learn/faq/"), page(client, "/learn/faq/")
    slugs = re.compile(r'<section class="faq-item" id="([^"]+)"')
    assert slugs.findall(spanish) == slugs.findall(english)
    assert 'href="/es/learn/therapies/#relapse-prevention">Sobre la prevención de recaídas</a>' in spanish


def test_the_faq_is_kept_per_language(client):
    page(client, "/es/learn/faq/")
    english = page(client, "/learn/faq/")
    assert faq_json_ld(english)["inLanguage"] == "en"
    assert "What is an intensive outpatient program (IOP)?" in english
    assert "¿Qué es" not in english
    assert "¿Qué es un programa intensivo ambulatorio (IOP)?" in page(client, "/es/learn/faq/")
