"""What the HSDS API tests share: asking the API as a client does, and the ids it should give."""

from hsds import ids

PREFIX = "/api/hsds"
LISTS = ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"]
DAYTON = "45402"


def answer(client, path: str, params=None, **headers):
    """The JSON of a 200 answer."""
    response = client.get(f"{PREFIX}/{path}", params or {}, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def listed(client, path: str, **params) -> list[str]:
    """The ids a list gives, in its order (one page of at most 100)."""
    return [item["id"] for item in answer(client, path, {"per_page": 100, **params})["contents"]]


def service(program) -> str:
    return ids.make("service", program.pk)


def at_location(program) -> str:
    return ids.make("service_at_location", program.pk)


def organization(facility) -> str:
    return ids.make("organization", facility.pk)


def attribute_values(item: dict) -> dict[str, str | None]:
    """{term code: value} of a whole service's attributes."""
    return {each["taxonomy_term"]["code"]: each.get("value") for each in item["attributes"]}
