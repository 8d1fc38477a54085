"""The shape every controlled vocabulary shares (payment, language, therapy, …)."""

from django.db import models


class VocabularyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Vocabulary(models.Model):
    """A curator-editable list entry with the national directory codes that map onto it."""

    slug = models.SlugField(unique=True, help_text="Short name used in search URLs. Do not change it once published.")
    name = models.CharField(max_length=120, help_text="Plain-language name shown to the public.")
    description = models.TextField(blank=True, help_text="One or two plain sentences, shown where it helps.")
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
        return self.name

    def natural_key(self):
        return (self.slug,)
