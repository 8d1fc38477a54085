"""A result card's payment in a few words (issue 15): the ones people ask about, names with their capitals."""

import pytest

from facilities.models import PaymentOption

pytestmark = pytest.mark.django_db


def test_the_card_says_payment_in_a_few_words_keeping_the_names_capitals(client, make_facility, make_program):
    facility = make_facility(name="Harbor Light Recovery")
    make_program(facility)
    facility.payment_options.set(PaymentOption.objects.filter(slug__in=["free", "medicare", "medicaid"]))
    html = client.get("/search/", {"location": "45402"}).content.decode()
    assert "<strong>Payment:</strong> Medicaid, Medicare, free</p>" in html


def test_a_card_says_nothing_of_payment_when_none_of_those_is_reported(client, make_facility, make_program):
    make_program(make_facility(name="Harbor Light Recovery"))
    assert "Payment:" not in client.get("/search/", {"location": "45402"}).content.decode()
