"""The HSDS API's filters, each as a client uses it: taxonomy terms and taxonomies, organization, search, postcode
and proximity, and the order of its lists."""

import pytest
from geopy.distance import great_circle

from facilities.models import PaymentOption
from geo.places import resolve
from programs.models import Program, Therapy
from tests.hsds.helpers import DAYTON, PREFIX, answer, at_location, attribute_values, listed, organization, service

pytestmark = pytest.mark.django_db

# Filters ---------------------------------------------------------------------------------------------------------


def test_a_level_of_care_term_gives_only_the_programs_at_that_level(client, terms, make_facility, make_program):
    facility = make_facility()
    iop = make_program(facility)
    residential = make_program(facility, type=Program.Type.RESIDENTIAL)
    other_iop = make_program(make_facility())
    iop_term = terms["Level of care", "iop"]
    assert listed(client, "services", taxonomy_term_id=iop_term) == [service(iop), service(other_iop)]
    assert listed(client, "services", taxonomy_term_id=terms["Level of care", "residential"]) == [service(residential)]
    assert listed(client, "services", taxonomy_term_id=terms["Level of care", "php"]) == []
    assert listed(client, "service_at_locations", taxonomy_term_id=iop_term) == [
        at_location(iop),
        at_location(other_iop),
    ]


def test_a_therapy_term_counts_the_programs_own_therapy_or_its_facilitys_approaches(
    client, terms, make_facility, make_program
):
    own = make_program(make_facility(), therapies=["cbt"])
    by_facility = make_program(make_facility())
    by_facility.facility.approaches.set(Therapy.objects.filter(slug="cbt"))
    other = make_program(make_facility(), therapies=["dbt"])
    make_program(make_facility())
    cbt = terms["Therapies and approaches", "cbt"]
    assert listed(client, "services", taxonomy_term_id=cbt) == [service(own), service(by_facility)]
    assert listed(client, "services", taxonomy_term_id=terms["Therapies and approaches", "dbt"]) == [service(other)]
    # The service's attributes say so too.
    assert "cbt" in attribute_values(answer(client, f"services/{service(by_facility)}"))


def test_a_payment_term_gives_the_services_of_facilities_that_take_it(client, terms, make_facility, make_program):
    medicaid = make_facility()
    medicaid.payment_options.set(PaymentOption.objects.filter(slug__in=["medicaid", "self-pay"]))
    taking = [make_program(medicaid), make_program(medicaid, type=Program.Type.PHP)]
    cash_only = make_facility()
    cash_only.payment_options.set(PaymentOption.objects.filter(slug="self-pay"))
    make_program(cash_only)
    term = terms["Payment accepted", "medicaid"]
    assert listed(client, "services", taxonomy_term_id=term) == [service(program) for program in taking]
    assert listed(client, "services", taxonomy_term_id=terms["Payment accepted", "self-pay"]) == [
        *(service(program) for program in taking),
        service(cash_only.programs.get()),
    ]


def test_a_session_time_term_gives_only_the_programs_that_hold_sessions_then(
    client, terms, make_facility, make_program
):
    facility = make_facility()
    evening = make_program(facility, evening=True)
    daytime = make_program(facility, type=Program.Type.PHP, evening=False, daytime=True)
    make_program(facility, type=Program.Type.RESIDENTIAL, evening=None)  # not reported
    weekend = make_program(make_facility(), evening=False, weekend=True)
    make_program(make_facility(), evening=False, daytime=False, weekend=False)  # none of them
    assert listed(client, "services", taxonomy_term_id=terms["Session times", "evening"]) == [service(evening)]
    assert listed(client, "services", taxonomy_term_id=terms["Session times", "weekend"]) == [service(weekend)]
    session_times = next(
        each["id"] for each in answer(client, "taxonomies")["contents"] if each["name"] == "Session times"
    )
    assert listed(client, "services", taxonomy_id=session_times) == [
        service(evening),
        service(daytime),
        service(weekend),
    ]


def test_a_taxonomy_gives_the_services_with_any_of_its_terms(client, make_facility, make_program):
    own = make_program(make_facility(), therapies=["dbt"])
    by_facility = make_program(make_facility())
    by_facility.facility.approaches.set(Therapy.objects.filter(slug="twelve-step"))
    paying = make_program(make_facility())
    paying.facility.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
    taxonomies = {each["name"]: each["id"] for each in answer(client, "taxonomies")["contents"]}
    therapy, payment = taxonomies["Therapies and approaches"], taxonomies["Payment accepted"]
    assert listed(client, "services", taxonomy_id=therapy) == [service(own), service(by_facility)]
    assert listed(client, "services", taxonomy_id=payment) == [service(paying)]
    assert len(listed(client, "services", taxonomy_id=taxonomies["Level of care"])) == 3  # every program has a level
    # The terms of a taxonomy are its own.
    assert {term["taxonomy_id"] for term in answer(client, "taxonomy_terms", {"taxonomy_id": payment})["contents"]} == {
        payment
    }


def test_organization_id_gives_that_organizations_services(client, make_facility, make_program):
    facility = make_facility()
    mine = [make_program(facility), make_program(facility, type=Program.Type.PHP)]
    make_program(make_facility())
    assert listed(client, "services", organization_id=organization(facility)) == [service(each) for each in mine]
    assert listed(client, "service_at_locations", organization_id=organization(facility)) == [
        at_location(each) for each in mine
    ]


def test_search_finds_words_of_the_facility_or_the_program_name_in_any_case(client, make_facility, make_program):
    harbor = make_facility(name="Harbor Light Recovery")
    harbor_iop = make_program(harbor)
    evening = make_program(make_facility(name="Elm Street Clinic"), name="Evening Harbor Group")
    make_program(make_facility(name="Kettering Behavioral Health"))
    assert listed(client, "services", search="harbor") == [service(harbor_iop), service(evening)]
    assert listed(client, "services", search="  LIGHT recovery ") == [service(harbor_iop)]
    assert listed(client, "organizations", search="harbor light") == [organization(harbor)]
    assert listed(client, "services", search="nowhere") == []


def north_of(place, kilometers: float) -> dict:
    """The coordinates this far due north of a place (great-circle, as the search measures)."""
    point = great_circle(kilometers=kilometers).destination((place.latitude, place.longitude), bearing=0)
    return {"latitude": point.latitude, "longitude": point.longitude}


def test_postcode_and_proximity_give_the_services_within_that_many_meters_nearest_first(
    client, terms, make_facility, make_program
):
    center = resolve(DAYTON)
    make_program(make_facility(name="Forty-five km", **north_of(center, 45)))  # 28 miles
    far = make_program(make_facility(name="Twenty km", **north_of(center, 20)))  # made first: ids are not the order
    edge = make_program(make_facility(name="Eight km", **north_of(center, 8)))
    near = make_program(make_facility(name="Two km", **north_of(center, 2)), type=Program.Type.PHP)

    def nearby(meters: int, **params) -> list[str]:
        return listed(client, "service_at_locations", postcode=DAYTON, proximity=meters, **params)

    assert nearby(30000) == [at_location(near), at_location(edge), at_location(far)]
    assert nearby(8010) == [at_location(near), at_location(edge)]  # meters: 8 km is within 8,010 m
    assert nearby(7990) == [at_location(near)]  # and beyond 7,990 m
    assert nearby(1000) == []
    # Without a proximity: the site's default radius, 25 miles.
    assert listed(client, "service_at_locations", postcode=DAYTON) == [
        at_location(near),
        at_location(edge),
        at_location(far),
    ]
    assert nearby(30000, taxonomy_term_id=terms["Level of care", "iop"]) == [at_location(edge), at_location(far)]
    second = answer(client, "service_at_locations", {"postcode": DAYTON, "proximity": 30000, "per_page": 1, "page": 2})
    assert [item["id"] for item in second["contents"]] == [at_location(edge)]
    assert (second["total_items"], second["total_pages"]) == (3, 3)


def test_proximity_without_a_postcode_is_refused(client, make_facility, make_program):
    make_program(make_facility())
    response = client.get(f"{PREFIX}/service_at_locations", {"proximity": 5000})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["proximity"]


def test_every_list_is_ordered_by_id_page_after_page(client, make_facility, make_program):
    # Made in the reverse of the names' order: the lists follow the ids, not the names.
    programs = [make_program(make_facility(name=name)) for name in ("Zeta House", "Mid Place", "Alpha Center")]
    for path, expected in [
        ("services", [service(each) for each in programs]),
        ("service_at_locations", [at_location(each) for each in programs]),
        ("organizations", [organization(each.facility) for each in programs]),
    ]:
        pages = [answer(client, path, {"per_page": 2, "page": number}) for number in (1, 2)]
        assert [item["id"] for page in pages for item in page["contents"]] == expected
        assert [(page["first_page"], page["last_page"], page["size"]) for page in pages] == [
            (True, False, 2),
            (False, True, 1),
        ]
