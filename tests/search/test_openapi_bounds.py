"""The OpenAPI document's parameter bounds and enumerations are the ones the API enforces.

No number here is written by hand: each case is read from the document (the served one is checked to be the
same), then tried against the API at the bound (accepted) and just past it (a 400 naming the parameter).
"""

import pytest

from search.openapi import list_parameters

pytestmark = pytest.mark.django_db

LIST = "/api/v1/facilities/"
# Parameters that only mean something with another one.
CONTEXT = {"lat": {"lng": "0"}, "lng": {"lat": "0"}}


def cases():
    """(parameter, value, accepted) for every bound and enumeration in the document."""
    for parameter in list_parameters():
        name, schema = parameter["name"], parameter["schema"]
        values = schema.get("items", schema)
        if "enum" in values:
            yield from ((name, str(value), True) for value in values["enum"])
            yield name, "not-a-choice", False
        if "minimum" in values:
            step = 1 if values["type"] == "integer" else 0.1
            yield name, str(values["minimum"]), True
            yield name, str(round(values["minimum"] - step, 1) if step != 1 else values["minimum"] - 1), False
        if "maximum" in values:
            step = 1 if values["type"] == "integer" else 0.1
            yield name, str(values["maximum"]), True
            yield name, str(round(values["maximum"] + step, 1) if step != 1 else values["maximum"] + 1), False
        if "maxLength" in values:
            # A real place padded to the limit: inner spaces are folded when the place is read.
            filler = " " * (values["maxLength"] - len("Dayton, OH"))
            yield name, "Dayton," + filler + " OH", True
            yield name, "Dayton," + filler + "  OH", False


CASES = list(cases())


@pytest.mark.parametrize(
    "bound_case",
    CASES,
    ids=[f"{name}={value if len(value) < 20 else len(value)}-{'ok' if ok else 'bad'}" for name, value, ok in CASES],
)
def test_the_api_enforces_each_documented_bound(client, bound_case):
    name, value, accepted = bound_case
    response = client.get(LIST, {**CONTEXT.get(name, {}), name: value})
    errors = response.json().get("errors", {}) if response.status_code == 400 else {}
    if accepted:
        assert response.status_code == 200, (name, value, errors)
    else:
        assert response.status_code == 400, (name, value)
        assert name in errors, (name, value, errors)


def test_the_served_document_lists_these_parameters(client):
    served = client.get("/api/v1/schema/").json()["paths"][LIST]["get"]["parameters"]
    assert served == list_parameters()
