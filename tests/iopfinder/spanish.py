"""What the Spanish checks read: the words a person sees in a template or a page, and the English sentences of the
site (the catalogue's and the English-only Learn pages')."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
# Templates no visitor sees (the admin's), and the Spanish Learn pages, written in Spanish (a Learn page whose
# Spanish page is its own template is left out too: see english_only).
NOT_PUBLIC = ("admin/", "simple_history/", "learn/es/")
# Words that are the same in both languages: the brand and acronyms a person hears on the phone.
SAME_IN_SPANISH = {"IOP", "PHP", "Finder", "SAMHSA", "ASAM", "ZIP", "OK"}
# The attributes whose text a person reads or hears (a screen reader reads aria-label and alt).
READABLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description", "label"}
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÑáéíóúñü]{2,}")
HOLE = "\x00"  # stands for a template tag or variable: never a letter


def public_templates() -> list[Path]:
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        name = path.relative_to(TEMPLATES).as_posix()
        if path.suffix not in {".html", ".txt"} or name.startswith(NOT_PUBLIC) or name in english_only():
            continue
        found.append(path)
    return found


def english_only() -> set[str]:
    """The Learn pages written apart in Spanish: their English template is only ever rendered in English."""
    spanish = TEMPLATES / "learn" / "es"
    return {f"learn/{path.name}" for path in spanish.glob("*.html")} if spanish.exists() else set()


def unmarked_text(source: str) -> list[str]:
    """The words of a template that a person would read untranslated: text and readable attributes outside
    {% translate %} and {% blocktranslate %}, comments and scripts."""
    parts, inside = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            command = token.contents.split()[0] if token.contents else ""
            if inside is None and command in {"blocktranslate", "blocktrans", "comment"}:
                inside = "endcomment" if command == "comment" else f"end{command}"
            elif command == inside:
                inside = None
            parts.append(HOLE)
        elif token.token_type == TokenType.TEXT and inside is None:
            parts.append(token.contents)
        else:
            parts.append(HOLE)
    reader = VisibleText()
    # A tag whose name ends in a variable (<h{{ level }}>) is still a tag.
    reader.feed(re.sub(rf"(<\w+){HOLE}", r"\1", "".join(parts)))
    reader.close()
    return [text for text in reader.texts if english_words(text)]


def english_words(text: str) -> list[str]:
    return [word for word in WORD.findall(text.replace(HOLE, " ")) if word not in SAME_IN_SPANISH]


class VisibleText(HTMLParser):
    """The text nodes and readable attributes of an HTML document or fragment, without scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skipping += 1
        attributes = dict(attrs)
        for name, value in attrs:
            readable = name in READABLE_ATTRIBUTES or (name == "content" and attributes.get("name") == "description")
            readable |= name == "value" and attributes.get("type") in {"submit", "button"}
            if readable and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def page_text(html: str) -> str:
    """What a person reads (or hears) of a page, its whitespace collapsed."""
    reader = VisibleText()
    reader.feed(html)
    reader.close()
    return " ".join(" ".join(reader.texts).split())


def english_sentences() -> set[str]:
    """Runs of three words or more that only the English site shows: each catalogue entry's English (between its
    placeholders and tags) whose Spanish differs, and the text of the English-only Learn templates."""
    sentences = set()
    for entry in polib.pofile(str(CATALOGUE)):
        spanish = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        for english in [entry.msgid, entry.msgid_plural]:
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]*>|\{\{.*?\}\}", english or ""):
                piece = " ".join(page_text(piece).split())
                if len(WORD.findall(piece)) >= 3 and piece not in spanish:
                    sentences.add(piece)
    for name in english_only():
        source = (TEMPLATES / name).read_text()
        for text in unmarked_text(source):
            text = " ".join(text.replace(HOLE, " ").split())
            if len(WORD.findall(text)) >= 4:
                sentences.add(text)
    return sentences
