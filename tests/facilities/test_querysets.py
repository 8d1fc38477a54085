"""The search's rules as chainable querysets, without a form: what search.query.Search puts together."""

from decimal import Decimal

import pytest

from facilities.models import Facility
from geo.places import Place
from programs.models import Program, ProgramCriteria

pytestmark = pytest.mark.django_db

DAYTON = Place("Dayton, OH", 39.7589, -84.1916)
COLUMBUS = (39.9612, -82.9988)  # 68 miles from Dayton, great-circle


def test_near_keeps_facilities_within_the_radius_with_their_distance(make_facility):
    here = make_facility(name="Here")
    make_facility(name="Columbus", latitude=COLUMBUS[0], longitude=COLUMBUS[1])
    found = list(Facility.objects.published().near(DAYTON, 25))
    assert found == [here]
    assert found[0].distance == pytest.approx(0, abs=0.01)
    assert {f.name for f in Facility.objects.near(DAYTON, 100)} == {"Here", "Columbus"}


def test_every_program_condition_must_hold_for_the_same_program(make_facility, make_program):
    split = make_facility(name="Evening PHP, daytime IOP")
    make_program(split, type="iop", evening=False)
    make_program(split, type="php", evening=True)
    together = make_facility(name="Evening IOP")
    make_program(together, type="iop", evening=True)

    evening_iop = ProgramCriteria(types=("iop",), schedule=("evening",))

    assert list(Facility.objects.offering(evening_iop)) == [together]
    assert list(Program.objects.meeting(evening_iop)) == list(together.programs.all())


def test_an_empty_criteria_keeps_every_facility_and_all_its_programs(make_facility, make_program):
    facility = make_facility()
    make_program(facility, type="residential", weekly_hours_min=None, weekly_hours_max=None)
    make_program(facility, type="iop")
    assert not ProgramCriteria()
    [found] = Facility.objects.offering(ProgramCriteria()).with_matching_programs()
    assert [program.type for program in found.matched_programs] == ["iop", "residential"]


def test_matching_programs_are_only_those_meeting_the_criteria(make_facility, make_program):
    facility = make_facility()
    make_program(facility, type="iop", weekly_hours_min=Decimal(9), weekly_hours_max=Decimal(12))
    make_program(facility, type="php", weekly_hours_min=Decimal(20), weekly_hours_max=Decimal(30))
    light = ProgramCriteria(hours_max=Decimal(15))
    [found] = Facility.objects.offering(light).with_matching_programs(light)
    assert [program.type for program in found.matched_programs] == ["iop"]


def test_the_chain_reads_like_the_product(make_facility, make_program):
    wanted = make_facility(name="Wanted", co_occurring=True)
    make_program(wanted, type="iop", telehealth=True)
    far = make_facility(name="Far", co_occurring=True, latitude=COLUMBUS[0], longitude=COLUMBUS[1])
    make_program(far, type="iop", telehealth=True)
    hidden = make_facility(name="Hidden", co_occurring=True, is_published=False)
    make_program(hidden, type="iop", telehealth=True)
    no_telehealth = make_facility(name="No telehealth", co_occurring=True)
    make_program(no_telehealth, type="iop", telehealth=False)

    found = (
        Facility.objects.published()
        .near(DAYTON, 25)
        .treating_co_occurring()
        .offering(ProgramCriteria(types=("iop",), telehealth=True))
        .ordered("distance", DAYTON)
    )

    assert list(found) == [wanted]


def test_ordered_by_hours_puts_the_lightest_matching_program_first_and_unreported_last(make_facility, make_program):
    heavy = make_facility(name="A heavy")
    make_program(heavy, type="iop", weekly_hours_min=Decimal(15), weekly_hours_max=Decimal(19))
    light = make_facility(name="B light")
    make_program(light, type="iop", weekly_hours_min=Decimal(9), weekly_hours_max=Decimal(10))
    unreported = make_facility(name="C unreported")
    make_program(unreported, type="iop", weekly_hours_min=None, weekly_hours_max=None)
    assert [f.name for f in Facility.objects.ordered("hours")] == ["B light", "A heavy", "C unreported"]
    assert [f.name for f in Facility.objects.ordered("name")] == ["A heavy", "B light", "C unreported"]


def test_with_any_matches_any_of_the_chosen_list_entries(make_facility):
    from facilities.models import PaymentOption

    medicaid, cash = PaymentOption.objects.get(slug="medicaid"), PaymentOption.objects.get(slug="self-pay")
    takes_medicaid, takes_cash = make_facility(name="Medicaid"), make_facility(name="Cash")
    make_facility(name="Neither")
    takes_medicaid.payment_options.add(medicaid)
    takes_cash.payment_options.add(cash)
    found = Facility.objects.with_any("payment_options", ["medicaid", "self-pay"]).ordered("name")
    assert list(found) == [takes_cash, takes_medicaid]


def test_telehealth_is_the_programs_word_or_its_facilitys_when_the_program_has_not_said(make_facility, make_program):
    said_by_program = make_facility(name="Program says yes", telehealth=False)
    make_program(said_by_program, telehealth=True)
    said_by_facility = make_facility(name="Facility says yes", telehealth=True)
    make_program(said_by_facility, telehealth=None)  # the national directory reports telehealth per facility only
    in_person = make_facility(name="Program says no", telehealth=True)
    make_program(in_person, telehealth=False)
    make_facility(name="Nobody says", telehealth=None)

    found = Facility.objects.offering(ProgramCriteria(telehealth=True)).ordered("name")

    assert [facility.name for facility in found] == ["Facility says yes", "Program says yes"]
