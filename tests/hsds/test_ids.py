"""HSDS ids: one of ours leads back to its row and kind; anything else is no id of ours."""

import uuid

import pytest

from hsds import ids


def test_an_id_is_a_version_8_uuid_that_gives_back_its_row():
    made = ids.make("service", 7816)
    assert made == "494f5046-0003-8000-8000-000000001e88"
    assert uuid.UUID(made).version == 8
    assert uuid.UUID(made).variant == uuid.RFC_4122
    assert ids.number_of("service", made) == 7816
    assert ids.number_of("service", made.upper()) == 7816


@pytest.mark.parametrize(
    "text",
    [
        ids.make("organization", 7816),  # another kind's
        "not-a-uuid",
        "",
        str(uuid.uuid4()),
        "494f5046-0003-8000-8000-000000001e8",  # one digit short
        "494f5046-0003-9000-8000-000000001e88",  # not version 8
        "{494f5046-0003-8000-8000-000000001e88}",
    ],
)
def test_other_text_is_no_service_id(text):
    assert ids.number_of("service", text) is None


def test_a_part_id_is_uuid5_within_its_object():
    owner = ids.make("service", 1)
    assert ids.part(owner, "phone:main") == str(uuid.uuid5(uuid.UUID(owner), "phone:main"))
    assert ids.part(owner, "phone:main") != ids.part(owner, "phone:intake")
    assert ids.part(owner, "phone:main") != ids.part(ids.make("service", 2), "phone:main")


def test_term_ids_come_from_slugs_alone():
    assert ids.term("therapy", "cbt") == str(uuid.uuid5(ids.TAXONOMY_NAMESPACE, "therapy/cbt"))
    assert ids.taxonomy("therapy") == str(uuid.uuid5(ids.TAXONOMY_NAMESPACE, "therapy"))
