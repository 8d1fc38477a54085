import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.template.loader import render_to_string

from learn import content, views
from programs import levels
from programs.levels import IOP, LEVELS, PHP, PROGRAM_LEVELS, RESIDENTIAL
from programs.models import Program, Therapy

pytestmark = pytest.mark.django_db

# Path: words the page's <title> must contain.
LEARN_PAGES = {
    "/learn/": "Learn about IOP, PHP and residential",
    "/learn/what-is-an-iop/": "What is an intensive outpatient program",
    "/learn/levels-of-care/": "IOP vs PHP vs residential",
    "/learn/therapies/": "Therapies in addiction treatment",
    "/learn/what-to-expect/": "What to expect in an intensive outpatient program",
    "/learn/questions-to-ask/": "Questions to ask",
    "/learn/faq/": "FAQ",
}
SOURCES = (
    "Substance Abuse Intensive Outpatient Programs: Assessing the Evidence",
    "Psychiatric Services",
    "Substance Abuse: Clinical Issues in Intensive Outpatient Treatment",
    "TIP) 47",
    "Treatment Approaches for Drug Addiction",
    "The ASAM Criteria",
)
SOURCE_HOSTS = ("doi.org", "www.ncbi.nlm.nih.gov", "nida.nih.gov", "www.asam.org")
MAX_GRADE = 8


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def main_of(html: str) -> str:
    return re.search(r"<main\b.*?</main>", html, re.DOTALL).group()


# --- Reading level -------------------------------------------------------------------------------
# textstat would do this, but it downloads NLTK's CMU dictionary on first use, and tests and CI run
# offline. So: the Flesch–Kincaid grade formula, with a vowel-group syllable count.

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Each of these ends a sentence for the count, as it does for a reader: without that, a table or a
# list would read as one long sentence.
BLOCK_TAGS = {"p", "li", "dt", "dd", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


class BodyText(HTMLParser):
    """The body text of <main>, one string per block, without the sources, navigation, scripts or crisis banner."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, whether this element's text is left out)
        self.current: list[str] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        self.stack.append((tag, self.leaves_out(tag, dict(attrs))))
        if tag in BLOCK_TAGS:
            self.flush()

    def leaves_out(self, tag: str, attrs: dict) -> bool:
        return (
            tag in {"nav", "script", "style"}
            or attrs.get("id") == "sources"
            or "crisis" in (attrs.get("class") or "").split()
        )

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        while self.stack and self.stack.pop()[0] != tag:
            pass
        if tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if any(tag == "main" for tag, _ in self.stack) and not any(left_out for _, left_out in self.stack):
            self.current.append(data)

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []


def body_text(html: str) -> list[str]:
    parser = BodyText()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e or -es/-ed; a number or an acronym is read digit by digit, letter by letter.

    Reading IOP as three syllables and ASAM as four errs toward a harder grade, never an easier one.
    """
    if word.isdigit() or (len(word) > 1 and word.isupper()):
        return len(word)
    word = word.lower().replace("’", "'").split("'")[0]
    count = len(VOWEL_GROUP.findall(word))
    silent_ending = (word.endswith("e") and not word.endswith(("le", "ee", "ye"))) or (
        word.endswith(("es", "ed")) and not re.search(r"([td]ed|[sxzc]es|[cs]hes|ges)$", word)
    )
    if count > 1 and silent_ending:
        count -= 1
    return max(count, 1)


def flesch_kincaid_grade(blocks: list[str]) -> float:
    """0.39 × words per sentence + 11.8 × syllables per word − 15.59 (Kincaid et al., 1975)."""
    sentences = words = syllable_count = 0
    for block in blocks:
        block_words = WORD.findall(block)
        if not block_words:
            continue
        sentences += len(SENTENCE_END.findall(block)) + (0 if SENTENCE_END.search(block.rstrip()[-1:]) else 1)
        words += len(block_words)
        syllable_count += sum(syllables(word) for word in block_words)
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("hours", 1),
        ("used", 1),
        ("needed", 2),
        ("people", 2),
        ("program", 2),
        ("therapy", 3),
        ("alcohol", 3),
        ("cognitive", 3),
        ("medication", 4),
        ("residential", 4),
        ("IOP", 3),
        ("988", 3),
    ],
)
def test_the_syllable_count_matches_how_words_are_said(word, count):
    assert syllables(word) == count


def test_the_grade_formula_scores_short_plain_sentences_low_and_long_dense_ones_high():
    assert flesch_kincaid_grade(["The cat sat on the mat."]) == pytest.approx(0.39 * 6 + 11.8 - 15.59)
    dense = (
        "Pharmacological interventions demonstrate considerable effectiveness regarding "
        "physiological dependence, notwithstanding heterogeneous implementation characteristics."
    )
    assert flesch_kincaid_grade([dense]) > 16


def test_body_text_leaves_out_the_sources_the_navigation_and_the_crisis_banner(client):
    blocks = body_text(page(client, "/learn/"))
    text = " ".join(blocks)
    assert "Learn about addiction treatment" in blocks
    assert "Assessing the Evidence" not in text
    assert "In crisis?" not in text
    assert "All topics" not in text
    assert "This is information, not medical advice." in text


@pytest.mark.parametrize("path", LEARN_PAGES)
def test_the_body_text_reads_at_an_eighth_grade_level_or_easier(client, path):
    grade = flesch_kincaid_grade(body_text(page(client, path)))
    assert grade <= MAX_GRADE, f"{path} reads at Flesch–Kincaid grade {grade:.1f}, above {MAX_GRADE}"


# --- Every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "title"), LEARN_PAGES.items())
def test_every_learn_page_has_its_own_title_description_crisis_lines_and_sources(client, path, title):
    html = page(client, path)
    assert title in re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert 80 <= len(description) <= 200, description  # what a search result shows
    assert "No paid placement" not in description  # the site-wide default
    main = main_of(html)
    assert "information, not medical advice" in main
    assert 'href="tel:988"' in main
    assert 'href="tel:+18006624357">1-800-662-4357</a>' in main
    sources = " ".join(re.search(r'<section class="learn-sources".*?</section>', main, re.DOTALL).group().split())
    for source in SOURCES:
        assert source in sources, f"{path} does not cite {source!r}"


def test_the_learn_pages_have_different_titles_and_descriptions(client):
    pages = [page(client, path) for path in LEARN_PAGES]
    titles = {re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1) for html in pages}
    descriptions = {re.search(r'<meta name="description" content="([^"]*)"', html).group(1) for html in pages}
    assert len(titles) == len(descriptions) == len(LEARN_PAGES)


@pytest.mark.parametrize("path", LEARN_PAGES)
def test_the_sub_navigation_reaches_every_learn_page_and_marks_this_one(client, path):
    nav = re.search(r'<nav class="learn-nav".*?</nav>', page(client, path), re.DOTALL).group()
    for other in LEARN_PAGES:
        assert f'href="{other}"' in nav
    assert re.findall(r'href="([^"]+)" aria-current="page"', nav) == [path]


@pytest.mark.parametrize("path", LEARN_PAGES)
def test_headings_are_in_order(client, path):
    levels_in_order = [int(level) for level in re.findall(r"<h([1-6])\b", page(client, path))]
    assert levels_in_order[0] == 1
    assert levels_in_order.count(1) == 1
    for previous, current in pairwise(levels_in_order):
        assert current <= previous + 1, f"{path}: h{previous} is followed by h{current}"


@pytest.mark.parametrize("path", LEARN_PAGES)
def test_learn_pages_have_no_forms_embeds_scripts_or_outside_links_but_the_sources(client, path):
    html = page(client, path)
    main = main_of(html)
    assert "<form" not in main
    assert "<iframe" not in html
    assert re.findall(r"<script\b[^>]*>", html) in ([], ['<script type="application/ld+json">'])
    hosts = set(re.findall(r'href="https?://([^/"]+)', main))
    assert hosts <= set(SOURCE_HOSTS), hosts - set(SOURCE_HOSTS)


def test_the_learn_index_links_to_a_search_for_each_program_type(client):
    html = page(client, "/learn/")
    for program_type in Program.Type.values:
        assert f'href="/search/?type={program_type}"' in html
    assert 'href="/learn/"' in html  # the site navigation's Learn link


# --- Levels of care -------------------------------------------------------------------------------


class TableGrid(HTMLParser):
    """The first <table>'s cells as rows of (text, hrefs)."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[tuple[str, list[str]]]] = []
        self.cell: list[str] | None = None
        self.hrefs: list[str] = []
        self.done = False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self.cell, self.hrefs = [], []
        elif tag == "a" and self.cell is not None:
            self.hrefs.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self.cell is not None and not self.done:
            self.rows[-1].append((" ".join("".join(self.cell).split()), self.hrefs))
            self.cell = None
        elif tag == "table":
            self.done = True

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def comparison_table(client) -> dict[str, dict[str, tuple[str, list[str]]]]:
    """{column heading: {row heading: (cell text, links)}}."""
    grid = TableGrid()
    grid.feed(page(client, "/learn/levels-of-care/"))
    header, *rows = grid.rows
    return {
        column: {row[0][0]: row[index] for row in rows}
        for index, (column, _) in enumerate(header)
        if column  # the empty corner cell
    }


def test_the_comparison_table_shows_the_level_of_care_numbers(client):
    table = comparison_table(client)
    iop, php, residential = table[IOP.name], table[PHP.name], table[RESIDENTIAL.name]
    for number in ("9–10", "10–15", "9–19"):
        assert number in iop["Hours a week"][0]
    assert "3–5 days" in iop["Visits"][0]
    assert "3 hours" in iop["Visits"][0]
    assert "evening" in iop["Visits"][0]
    assert iop["How long it lasts"][0] == "8–12 weeks"
    assert "refer" in iop["Detox"][0]
    assert iop["ASAM level"][0] == "2.1"
    assert "20 or more" in php["Hours a week"][0]
    assert "25–30" in php["Hours a week"][0]
    assert php["ASAM level"][0] == "2.5"
    assert "24-hour" in residential["Hours a week"][0]
    assert "30 days" in residential["How long it lasts"][0]
    assert "Fewer than 9" in table["Standard outpatient"]["Hours a week"][0]


def test_each_level_column_links_to_a_search_for_its_program_type(client):
    table = comparison_table(client)
    for level in PROGRAM_LEVELS:
        assert table[level.name]["Find one"][1] == [f"/search/?type={level.program_type}"]
    assert table["Standard outpatient"]["Find one"][1] == []  # not a type the directory lists


def test_the_table_cells_are_the_facts_in_levels_py(client):
    table = comparison_table(client)
    assert list(table) == [level.name for level in LEVELS]
    for level in LEVELS:
        for label, field in levels.COMPARISON_ROWS:
            assert table[level.name][label][0] == getattr(level, field)


def test_changing_a_fact_in_levels_py_changes_the_table(client, monkeypatch):
    monkeypatch.setattr(views, "LEVELS", (replace(IOP, hours="At least 11"),))
    assert comparison_table(client)[IOP.name]["Hours a week"][0] == "At least 11"


def test_the_listed_levels_are_the_program_types_in_order():
    assert [level.program_type for level in PROGRAM_LEVELS] == Program.Type.values


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.key)
def test_each_help_text_is_one_sentence_that_names_the_asam_level(level):
    assert level.help_text.endswith(".")
    assert ". " not in level.help_text
    assert f"ASAM {level.asam_level.split()[0]}" in level.help_text


# --- Therapies ------------------------------------------------------------------------------------


def test_every_therapy_has_its_anchor_description_and_a_search_link(client):
    Therapy.objects.create(slug="art-of-test", name="A therapy a curator added", category="support")
    html = page(client, "/learn/therapies/")
    for therapy in Therapy.objects.all():
        assert f'id="{therapy.slug}"' in html
        assert therapy.name in html
        assert therapy.description.replace("'", "&#x27;") in html
        assert f'href="/search/?therapy={therapy.slug}"' in html
        assert therapy.get_absolute_url() == f"/learn/therapies/#{therapy.slug}"


def test_therapies_are_grouped_individual_group_complementary_support(client):
    html = page(client, "/learn/therapies/")
    positions = [html.index(f'<h2 id="category-{value}-title">') for value in Therapy.Category.values]
    assert positions == sorted(positions)
    assert Therapy.Category.values == ["individual", "group", "complementary", "support"]
    for therapy in Therapy.objects.all():
        group_start = html.index(f'<h2 id="category-{therapy.category}-title">')
        later_groups = [position for position in positions if position > group_start]
        assert group_start < html.index(f'id="{therapy.slug}"') < min(later_groups, default=len(html))


# --- Questions to ask ---------------------------------------------------------------------------


def test_the_call_checklist_covers_cost_waitlist_hours_detox_medicine_family_and_after(client):
    html = page(client, "/learn/questions-to-ask/")
    checklist = re.search(
        r'<section class="questions-checklist" id="questions-checklist".*?</section>', html, re.DOTALL
    )
    text = checklist.group()
    assert '<ul class="checklist">' in text
    for topic in ("insurance", "pay", "waitlist", "evening", "detox", "opioid", "alcohol", "family", "ends"):
        assert topic in text.lower(), topic


def test_the_call_checklist_can_be_included_under_another_heading_level():
    html = render_to_string("learn/includes/questions_checklist.html", {"heading_level": 3})
    assert '<h3 id="questions-checklist-title">' in html
    assert 'id="questions-checklist"' in html


# --- FAQ ------------------------------------------------------------------------------------------


class Faq(HTMLParser):
    """The visible questions and their answers' text."""

    def __init__(self):
        super().__init__()
        self.questions: list[str] = []
        self.answers: list[str] = []
        self.target: list[str] | None = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if "faq-question" in classes:
            self.questions.append("")
            self.target, self.depth = self.questions, 1
        elif "faq-answer" in classes:
            self.answers.append("")
            self.target, self.depth = self.answers, 1
        elif self.target is not None:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.target is not None:
            self.depth -= 1
            if self.depth == 0:
                self.target[-1] = " ".join(self.target[-1].split())
                self.target = None

    def handle_data(self, data):
        if self.target is not None:
            self.target[-1] += f" {data}"


def test_the_faq_json_ld_parses_and_matches_the_visible_questions_and_answers(client):
    html = page(client, "/learn/faq/")
    head = html[: html.index("</head>")]
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.DOTALL).group(1))
    visible = Faq()
    visible.feed(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert [item["@type"] for item in data["mainEntity"]] == ["Question"] * len(visible.questions)
    assert [item["name"] for item in data["mainEntity"]] == visible.questions
    assert [item["acceptedAnswer"]["text"] for item in data["mainEntity"]] == visible.answers
    assert len(visible.questions) >= 4


def test_the_faq_covers_what_an_iop_is_inpatient_or_outpatient_how_well_it_works_and_relapse(client):
    visible = Faq()
    visible.feed(page(client, "/learn/faq/"))
    questions = " ".join(visible.questions)
    for topic in ("What is an intensive outpatient program", "inpatient and outpatient", "How well", "relapse"):
        assert topic in questions


def test_the_faq_shows_each_answer_paragraph_whole_with_the_iop_facts_from_levels_py(client):
    html = page(client, "/learn/faq/")
    assert "<p>An IOP is treatment for drug or alcohol use that you go to while you live at home.</p>" in html
    assert f"<p>{IOP.summary}</p>" in html
    assert (
        "<p>Most of the work happens in small groups led by a counselor. You also meet with a counselor on your own, "
        "and you may get medicine and help with daily life.</p>"
    ) in html
    visible = Faq()
    visible.feed(html)
    assert not any("{" in answer or "}" in answer for answer in visible.answers)  # every fact was filled in


def test_faq_json_ld_cannot_close_its_script_element():
    text = content.faq_json_ld([content.Question("x", "What about </script><script>alert(1)</script>?", ("A & B",))])
    assert "</script" not in text.lower()
    assert "<" not in text
    assert json.loads(text)["mainEntity"][0]["name"] == "What about </script><script>alert(1)</script>?"
