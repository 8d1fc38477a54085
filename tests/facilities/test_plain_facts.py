"""Small things a person reads that must agree with each other: telehealth said of a program and of its facility,
US spelling, and what Learn says of detox in an IOP beside what the search offers."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_program_that_has_not_said_shows_what_its_facility_reports_on_telehealth(client, make_facility, make_program):
    facility = make_facility(telehealth=False)
    make_program(facility, telehealth=None)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "Not reported for this program; the facility as a whole: No" in page


def test_a_program_that_has_said_shows_its_own_answer(client, make_facility, make_program):
    facility = make_facility(telehealth=False)
    make_program(facility, telehealth=True)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "<dt>Telehealth</dt><dd>Yes</dd>" in page


def test_the_site_spells_license_the_american_way(client, make_facility):
    page = client.get(make_facility().get_absolute_url()).content.decode()
    assert "Licenses and accreditation" in page and "Licence" not in page


def test_learn_does_not_say_an_iop_never_offers_detox_while_the_search_finds_iops_with_detox_on_site(client):
    for path in ("/learn/what-is-an-iop/", "/learn/faq/"):
        page = client.get(path).content.decode()
        assert "An IOP does not offer detox" not in page
        assert "some facilities with an IOP also" in page
