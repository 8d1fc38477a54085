"""README's "Every code of the 2023 legend" against the legend (../shared/data), the importer and the seeded lists.

Each table row is `| category | `CODE` | legend name | effect; effect; … |`, an effect `Label: value`. A list's
effect names one entry of that list as seeded (an optional note follows " — "); every other label is one of
OTHER_LABELS or "Facility" / "Operator", and "Ignored: <reason>" stands alone.
"""

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings

from facilities.models import Facility
from imports import samhsa
from imports.samhsa import CodeMap
from tests.conftest import SHARED_DATA

LEGEND = SHARED_DATA / "samhsa_service_codes_2023.csv"
README = Path(settings.BASE_DIR) / "README.md"
HEADING = "## Every code of the 2023 legend"
NOTE = " — "
# The README's label for each facility list (Facility.VOCABULARY_FIELDS).
LISTS = {
    "Payment": "payment_options",
    "Language": "languages",
    "Who is served": "eligibility",
    "Ages accepted": "ages",
    "Groups served": "populations",
    "Approach": "approaches",
    "Support service": "services",
    "Medication": "medications",
    "License or accreditation": "accreditations",
}
OTHER_LABELS = {"Program", "Program detox", "Medication list", "Ignored"}
PROGRAM_DETOX = {"OD", "RD"}  # imports.samhsa._detox_here: OD for the IOP and PHP, RD for residential

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not LEGEND.exists(), reason=f"shared data absent: {LEGEND} (the 2023 legend)"),
]


def legend() -> dict[str, str]:
    """Code -> the legend's name, in the legend's order."""
    with open(LEGEND, encoding="utf-8") as handle:
        return {row["service_code"]: row["service_name"] for row in csv.DictReader(handle)}


def readme_rows() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Code -> (the legend name the README gives, its effects as (label, value)), from the README's section."""
    text = README.read_text(encoding="utf-8")
    assert HEADING in text, f"README.md has no section {HEADING!r}"
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not re.fullmatch(r"`[A-Z0-9]+`", cells[1]):
            continue
        code = cells[1].strip("`")
        assert code not in rows, f"{code} has two rows in the README"
        effects = []
        for part in cells[3].split("; "):
            label, _, value = part.partition(": ")
            effects.append((label, value))
        rows[code] = (cells[2], effects)
    return rows


def entry_names(field_name: str) -> dict[str, tuple[str, list[str]]]:
    """Seeded name -> (slug, SAMHSA codes) of one facility list."""
    model = Facility._meta.get_field(field_name).related_model
    rows = model.objects.values_list("slug", "name", "samhsa_codes")
    return {name: (slug, codes.split()) for slug, name, codes in rows}


def test_every_legend_code_has_one_row_with_the_legends_name():
    codes, rows = legend(), readme_rows()
    assert len(codes) == 224
    assert sorted(set(codes) - set(rows)) == [], "legend codes missing from the README"
    assert sorted(set(rows) - set(codes)) == [], "README rows for codes the 2023 legend does not have"
    assert list(rows) == list(codes), "the README lists the codes in the legend's order"
    for code, name in codes.items():
        assert rows[code][0] == name.replace("|", "/"), code


def test_the_readme_ignores_exactly_the_codes_the_importer_ignores():
    rows = readme_rows()
    ignored = {code for code, (_, effects) in rows.items() if any(label == "Ignored" for label, _ in effects)}
    assert sorted(ignored - samhsa.IGNORED) == [], "the README calls these Ignored; imports.samhsa.IGNORED does not"
    assert sorted(samhsa.IGNORED - ignored) == [], "imports.samhsa.IGNORED has these; the README does not say Ignored"
    for code in ignored:
        (label, reason), *others = rows[code][1]
        assert label == "Ignored" and reason and not others, f"{code}: an ignored code says why, and only that"


def test_every_legend_code_is_known_to_the_importer():
    assert sorted(set(legend()) - CodeMap.from_database().known()) == []


def test_each_list_entry_the_readme_names_has_the_code():
    names = {field_name: entry_names(field_name) for field_name in LISTS.values()}
    for code, (_, effects) in readme_rows().items():
        for label, value in effects:
            if label not in LISTS:
                continue
            name = value.split(NOTE)[0]
            assert name in names[LISTS[label]], f"{code}: no {label!r} entry named {name!r}"
            slug, codes = names[LISTS[label]][name]
            if code in samhsa.GENDER_ONLY:
                assert slug == samhsa.GENDER_ONLY[code], f"{code}: {name!r}"
            else:
                assert code in codes, f"{code}: the {label!r} entry {name!r} has codes {codes}"


def test_the_readme_names_every_list_entry_a_code_maps_to():
    code_map = CodeMap.from_database()
    readme = readme_rows()
    for label, field_name in LISTS.items():
        slugs_by_name = {name: slug for name, (slug, _) in entry_names(field_name).items()}
        for code in legend():
            expected = set(code_map.vocab[field_name].get(code, set()))
            if field_name == "eligibility" and code in samhsa.GENDER_ONLY:
                expected.add(samhsa.GENDER_ONLY[code])
            named = {slugs_by_name.get(value.split(NOTE)[0]) for effect, value in readme[code][1] if effect == label}
            assert named == expected, f"{code}: the README's {label!r} entries against the importer's"


def structural(code: str) -> set[str]:
    """What the importer does with a code apart from the lists, in the README's words."""
    kinds = set()
    if code in samhsa.PROGRAM_TYPES or code in samhsa.RESIDENTIAL:
        kinds.add("Program")
    if code in PROGRAM_DETOX:
        kinds.add("Program detox")
    if code in samhsa.DETOX:
        kinds.add("Facility: detox on site")
    if code in samhsa.CO_OCCURRING:
        kinds.add("Facility: co-occurring")
    if code in samhsa.TELEHEALTH:
        kinds.add("Facility: telehealth")
    if code in samhsa.OPERATORS:
        kinds.add(f"Operator: {samhsa.OPERATORS[code].label}")
    if code == samhsa.NO_OPIOID_MEDICATION:
        kinds.add("Medication list")
    if code in samhsa.IGNORED:
        kinds.add("Ignored")
    return kinds


def readme_structural(code: str, effects: list[tuple[str, str]]) -> set[str]:
    kinds = set()
    for label, value in effects:
        if label in LISTS:
            continue
        if label == "Facility":
            kind = next((k for k in ("detox on site", "co-occurring", "telehealth") if value.startswith(k)), None)
            assert kind, f"{code}: unknown facility effect {value!r}"
            kinds.add(f"Facility: {kind}")
        elif label == "Operator":
            kinds.add(f"Operator: {value.split(NOTE)[0]}")
        else:
            assert label in OTHER_LABELS, f"{code}: unknown label {label!r}"
            kinds.add(label)
    return kinds


def test_every_other_effect_the_readme_gives_is_the_importers():
    medications = {slug: name for name, (slug, _) in entry_names("medications").items()}
    for code, (_, effects) in readme_rows().items():
        assert readme_structural(code, effects) == structural(code), code
        for label, value in effects:
            if label == "Program" and code in samhsa.PROGRAM_TYPES:
                assert value == {"OIT": "IOP", "ODT": "PHP"}[code], code
            elif label == "Program":
                assert value.startswith("residential"), code
            elif label == "Medication list":
                for slug in samhsa.OPIOID_MEDICATIONS:
                    assert medications[slug] in value, f"{code}: {value!r} does not name {medications[slug]!r}"
