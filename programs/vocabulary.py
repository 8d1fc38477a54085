"""The shape every controlled vocabulary shares (payment, language, therapy, …)."""

import unicodedata

from django.db import models
from django.utils.translation import get_language

SPANISH = "es"


def in_language(english: str, spanish: str) -> str:
    """The Spanish text on the Spanish pages once a curator has written it, else the English."""
    return spanish if spanish and get_language() == SPANISH else english


def alphabetical(text: str) -> str:
    """Sort key for names in either language: "Árabe" among the A's, not after "Vietnamita"."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def by_label(entries) -> list:
    """Entries in the order of their names in the page's language (the models order by the English name): "Alemán,
    Árabe" on a Spanish page, not the English order "Árabe, Alemán"."""
    return sorted(entries, key=lambda entry: alphabetical(entry.label))


def labelled(rows) -> list[tuple[str, str]]:
    """(slug, name, name_es) rows as (slug, the name in the page's language), in that name's order: a list's choices."""
    return sorted(
        ((slug, in_language(name, name_es)) for slug, name, name_es in rows), key=lambda row: alphabetical(row[1])
    )


class VocabularyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Vocabulary(models.Model):
    """A curator-editable list entry with the national directory codes that map onto it.

    The public pages show it in their language (`label`, `description_text`, `str()`); the admin, always in English,
    shows the English name.
    """

    slug = models.SlugField(unique=True, help_text="Short name used in search URLs. Do not change it once published.")
    name = models.CharField(max_length=120, help_text="Plain-language name shown to the public.")
    description = models.TextField(blank=True, help_text="One or two plain sentences, shown where it helps.")
    name_es = models.CharField(
        "Spanish name",
        max_length=120,
        blank=True,
        help_text=(
            "Spanish name shown on the Spanish pages (/es/…). Leave blank only while a translation is pending: "
            "the English name is shown meanwhile."
        ),
    )
    description_es = models.TextField(
        "Spanish description",
        blank=True,
        help_text="The description in Spanish, for the Spanish pages. When blank, they show the English one.",
    )
    samhsa_codes = models.CharField(
        "SAMHSA codes",
        max_length=200,
        blank=True,
        help_text="National directory service codes that mean this entry, separated by spaces (e.g. 'MD MC').",
    )

    objects = VocabularyManager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.slug,)

    @property
    def label(self) -> str:
        """The name in the active language (the admin's is English)."""
        return in_language(self.name, self.name_es)

    @property
    def description_text(self) -> str:
        """The description in the active language, as `label`."""
        return in_language(self.description, self.description_es)
