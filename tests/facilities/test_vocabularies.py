import csv

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from facilities.models import Accreditation, Language, Medication, PaymentOption, Population
from programs.models import Therapy
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db

VOCABULARIES = [PaymentOption, Language, Population, Medication, Accreditation, Therapy]

# Every therapy the source content names, plus the directory's treatment approaches.
REQUIRED_THERAPIES = {
    "cbt",
    "dbt",
    "group-therapy",
    "twelve-step",
    "family-therapy",
    "mindfulness-yoga",
    "faith-based",
    "fitness-nutrition",
    "creative-arts",
    "motivational-interviewing",
    "contingency-management",
    "relapse-prevention",
    "trauma-counseling",
    "matrix-model",
    "anger-management",
    "individual-counseling",
    "couples-counseling",
    "peer-support",
    "life-skills",
}


def test_every_therapy_the_content_names_is_seeded():
    seeded = set(Therapy.objects.values_list("slug", flat=True))
    assert seeded >= REQUIRED_THERAPIES
    assert set(Therapy.objects.values_list("category", flat=True)) == set(Therapy.Category.values)


@pytest.mark.parametrize("model", VOCABULARIES, ids=lambda model: model.__name__)
def test_vocabularies_are_seeded_with_plain_names(model):
    entries = list(model.objects.all())
    assert len(entries) >= 5
    for entry in entries:
        assert entry.name.strip(), entry.slug


def test_key_directory_codes_map_onto_the_vocabularies():
    assert PaymentOption.objects.get(slug="medicaid").samhsa_codes.split() == ["MD"]
    assert "SP" in Language.objects.get(slug="spanish").samhsa_codes.split()
    assert "BU" in Medication.objects.get(slug="buprenorphine").samhsa_codes.split()
    assert "CBT" in Therapy.objects.get(slug="cbt").samhsa_codes.split()


@pytest.mark.skipif(not (SHARED_DATA / "samhsa_service_codes_2023.csv").exists(), reason="shared data absent")
def test_every_mapped_code_is_in_the_2023_legend_or_a_known_older_code():
    with open(SHARED_DATA / "samhsa_service_codes_2023.csv", encoding="utf-8") as legend:
        known = {row["service_code"].strip() for row in csv.DictReader(legend)}
    older_codes = {"DBT"}  # in pre-2020 directories, dropped from the 2023 legend
    for model in VOCABULARIES:
        for entry in model.objects.all():
            unknown = set(entry.samhsa_codes.split()) - known - older_codes
            assert not unknown, f"{model.__name__} {entry.slug}: {unknown}"


def test_curators_may_view_add_and_change_but_never_delete():
    group = Group.objects.get(name=settings.CURATORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    models = [
        "facility",
        "program",
        "therapy",
        "paymentoption",
        "language",
        "population",
        "medication",
        "accreditation",
        "eligibility",
        "agegroup",
        "supportservice",
    ]
    listings = {f"{action}_{model}" for model in models for action in ("view", "add", "change")}
    # The corrections inbox: visitors send corrections; curators read and handle them, never add or delete.
    assert codenames == listings | {
        "view_correction",
        "change_correction",
        # Update links: curators create and end them; programs send the updates, curators review them and the
        # requests for a new link.
        "add_updatelink",
        "view_updatelink",
        "change_updatelink",
        "view_proposedupdate",
        "change_proposedupdate",
        "view_linkrequest",
        "change_linkrequest",
        # The verification queue and the record of calls are read-only.
        "view_queuedlisting",
        "view_verification",
    }
