"""Every list entry (therapy, payment, language, …) has a Spanish name that the Spanish pages show."""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

from facilities.models import AgeGroup, Language
from programs.models import Therapy
from programs.vocabulary import Vocabulary
from search.choices import choices_cache_key, vocabulary_choices

pytestmark = pytest.mark.django_db

VOCABULARIES = [model for model in apps.get_models() if issubclass(model, Vocabulary)]


def test_every_vocabulary_is_checked():
    assert len(VOCABULARIES) == 9


@pytest.mark.parametrize("model", VOCABULARIES, ids=lambda model: model.__name__)
def test_every_seeded_entry_has_a_spanish_name_and_description(model):
    entries = list(model.objects.all())
    assert entries
    assert [entry.slug for entry in entries if not entry.name_es.strip()] == []
    assert [entry.slug for entry in entries if entry.description and not entry.description_es.strip()] == []


def test_an_entry_reads_in_the_pages_language():
    cbt = Therapy.objects.get(slug="cbt")
    assert str(cbt) == "Cognitive behavioral therapy (CBT)"
    assert cbt.description_text == cbt.description
    with translation.override("es"):
        assert str(cbt) == "Terapia cognitivo-conductual (CBT)"
        assert cbt.label == "Terapia cognitivo-conductual (CBT)"
        assert cbt.description_text.startswith("Le ayuda a ver las ideas")
    assert str(cbt) == "Cognitive behavioral therapy (CBT)"


def test_an_entry_not_yet_translated_shows_its_english_name_on_spanish_pages():
    amharic = Language.objects.create(slug="amharic", name="Amharic", description="Staff speak Amharic.")
    with translation.override("es"):
        assert str(amharic) == "Amharic"
        assert amharic.description_text == "Staff speak Amharic."


def test_the_search_choices_are_spanish_on_spanish_pages_in_spanish_order_and_cached_apart():
    english = vocabulary_choices()
    with translation.override("es"):
        spanish = vocabulary_choices()
    assert ("spanish", "Spanish") in english["language"]
    assert ("spanish", "Español") in spanish["language"]
    languages = [label for _slug, label in spanish["language"]]
    assert languages[:3] == ["Alemán", "Árabe", "Chino"]  # "Árabe" among the A's, not after "Yupik"
    assert cache.get(choices_cache_key("en")) == english
    assert cache.get(choices_cache_key("es")) == spanish


def test_an_edit_forgets_the_choices_of_every_language():
    vocabulary_choices()
    with translation.override("es"):
        vocabulary_choices()
    Language.objects.filter(slug="spanish").first().save()
    assert cache.get(choices_cache_key("en")) is None
    assert cache.get(choices_cache_key("es")) is None


def test_a_curators_spanish_name_shows_on_the_spanish_search_page(curator_client, make_facility):
    make_facility()
    spanish = Language.objects.get(slug="spanish")
    assert 'value="spanish"> Español</label>' in curator_client.get("/es/search/?location=45402").content.decode()

    url = reverse("admin:facilities_language_change", args=[spanish.pk])
    data = model_to_dict(spanish, exclude=["id"]) | {"name_es": "Español (castellano)"}
    assert curator_client.post(url, data).status_code == 302

    spanish_page = curator_client.get("/es/search/?location=45402&language=spanish").content.decode()
    assert 'value="spanish" checked> Español (castellano)</label>' in spanish_page
    english_page = curator_client.get("/search/?location=45402").content.decode()
    assert "Español (castellano)" not in english_page
    assert 'value="spanish"> Spanish</label>' in english_page


def test_the_admin_lists_show_the_english_and_the_spanish_name(curator_client):
    page = curator_client.get(reverse("admin:facilities_language_changelist")).content.decode()
    assert "Vietnamese" in page and "Vietnamita" in page
    edit = curator_client.get(reverse("admin:facilities_agegroup_change", args=[AgeGroup.objects.first().pk]))
    assert edit.status_code == 200
    assert 'name="name_es"' in edit.content.decode() and 'name="description_es"' in edit.content.decode()
