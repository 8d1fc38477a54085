"""The official HSDS 3.0 schemas (../shared/data/hsds-3.0), to validate what IOP Finder publishes. Tests that use
them skip with a message when the folder is absent."""

import json
from functools import cache

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import SHARED_DATA

FOLDER = SHARED_DATA / "hsds-3.0"


def needed():
    if not (FOLDER / "compiled" / "service.json").exists():
        pytest.skip(f"The HSDS 3.0 schemas are not at {FOLDER} (see ../shared/data/README.md)")


@cache
def validator(name: str) -> Draft202012Validator:
    """A Draft 2020-12 validator of one schema ("compiled/service", "taxonomy_term", …), formats checked too. The
    uncompiled schemas name their siblings ("metadata.json"), so every file of the folder is in its registry."""
    needed()
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in FOLDER.glob("*.json")
        if path.name != "openapi.json"
    ]
    schema = json.loads((FOLDER / f"{name}.json").read_text())
    registry = Registry().with_resources(resources)
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, instance) -> list[str]:
    """Every way the instance breaks the schema, as "path: message" ([] when it is valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}"
        for error in validator(name).iter_errors(instance)
    ]
