import pytest

from tests.hsds.helpers import answer


@pytest.fixture
def terms(client) -> dict[tuple[str, str], str]:
    """{(taxonomy name, term code): term id}, as a client reads them from /taxonomy_terms."""
    found = answer(client, "taxonomy_terms", {"per_page": 100})
    assert found["last_page"]
    return {(term["taxonomy"], term["code"]): term["id"] for term in found["contents"]}
