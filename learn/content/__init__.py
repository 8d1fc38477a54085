"""The Learn pages' prose that is data rather than page layout: the FAQ and the therapy category intros.

Each lives in a TOML file beside this module, in English (faq.toml) and in other languages (faq.es.toml), read once
per process and language.
"""

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from programs.levels import LEVELS

CONTENT_DIR = Path(__file__).resolve().parent
BLANK_LINE = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Question:
    slug: str
    question: str
    answer: tuple[str, ...]  # paragraphs of plain text
    more_url: str = ""  # a Learn page, as a URL name with an optional '#anchor'
    more_text: str = ""

    @property
    def more_href(self) -> str:
        name, _, anchor = self.more_url.partition("#")
        return reverse(name) + (f"#{anchor}" if anchor else "")


def read(stem: str, language: str) -> dict:
    """<stem>.<language>.toml when there is one (faq.es.toml), else the English <stem>.toml."""
    path = CONTENT_DIR / f"{stem}.{language}.toml"
    if not path.exists():
        path = CONTENT_DIR / f"{stem}.toml"
    with path.open("rb") as file:
        return tomllib.load(file)


def paragraphs(text: str) -> tuple[str, ...]:
    """Split on blank lines and join each paragraph's lines with single spaces, as faq.toml describes."""
    return tuple(" ".join(paragraph.split()) for paragraph in BLANK_LINE.split(text.strip()))


def faq() -> tuple[Question, ...]:
    """The FAQ in the current language."""
    return faq_in(translation.get_language())


@cache
def faq_in(language: str) -> tuple[Question, ...]:
    """The FAQ from faq[.language].toml, with the {level.field} facts from programs/levels.py filled in."""
    facts = {level.key: level for level in LEVELS}
    questions = []
    with translation.override(language):  # the facts are lazy translations
        for item in read("faq", language)["question"]:
            answer = tuple(paragraph.format_map(facts) for paragraph in paragraphs(item.pop("answer")))
            questions.append(Question(answer=answer, **item))
    return tuple(questions)


def category_intros() -> dict[str, str]:
    """{Therapy.Category value: the line under its heading}, from therapies[.language].toml."""
    return category_intros_in(translation.get_language())


@cache
def category_intros_in(language: str) -> dict[str, str]:
    return read("therapies", language)["category_intros"]


# Escaped the way Django's json_script escapes, so no text in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def faq_json_ld(questions) -> str:
    """schema.org FAQPage JSON-LD in the current language, safe to place inside <script type="application/ld+json">."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": translation.get_language(),
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {"@type": "Answer", "text": " ".join(question.answer)},
            }
            for question in questions
        ],
    }
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES))
