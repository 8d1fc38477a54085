import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from facilities.models import Facility
from programs.models import ProgramCriteria

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(90.5, -84.0), (-91, -84.0), (39.7, 180.1), (39.7, -181), (39.7, None), (None, -84.0)],
)
def test_the_database_refuses_impossible_coordinates(make_facility, latitude, longitude):
    facility = make_facility()
    # A queryset update skips model validation entirely: only the database can refuse it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Facility.objects.filter(pk=facility.pk).update(latitude=latitude, longitude=longitude)


def test_forms_get_a_plain_message_for_impossible_coordinates(make_facility):
    facility = make_facility()
    facility.latitude, facility.longitude = 95, -84
    with pytest.raises(ValidationError, match="Must be between -90 and 90"):
        facility.full_clean()
    facility.latitude, facility.longitude = 39.7, None
    with pytest.raises(ValidationError, match="latitude and longitude, or neither"):
        facility.full_clean()


def test_coordinates_may_be_unknown_together(make_facility):
    facility = make_facility(latitude=None, longitude=None, location_precision="")
    assert not facility.has_coordinates


def test_the_same_source_record_cannot_be_imported_twice(make_facility):
    make_facility(source=Facility.Source.SAMHSA, source_id="SU2023-00001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_facility(source=Facility.Source.SAMHSA, source_id="SU2023-00001")


def test_facilities_without_a_source_id_do_not_collide(make_facility):
    make_facility(source=Facility.Source.MANUAL, source_id="")
    make_facility(source=Facility.Source.MANUAL, source_id="")
    assert Facility.objects.filter(source_id="").count() == 2


def test_slug_is_filled_from_the_name_and_kept_unique(make_facility):
    first = make_facility(name="Harbor Light Recovery", city="Dayton", state="OH")
    second = make_facility(name="Harbor Light Recovery", city="Dayton", state="OH")
    assert first.slug == "harbor-light-recovery-dayton-oh"
    assert second.slug == "harbor-light-recovery-dayton-oh-2"


def test_published_hides_unpublished_listings(make_facility):
    shown = make_facility()
    make_facility(is_published=False)
    assert list(Facility.objects.published()) == [shown]


def test_offering_finds_facilities_by_program_type_once(make_facility, make_program):
    iop_and_php = make_facility()
    make_program(iop_and_php, type="iop")
    make_program(iop_and_php, type="php")
    residential_only = make_facility()
    make_program(residential_only, type="residential", weekly_hours_min=None, weekly_hours_max=None)
    assert list(Facility.objects.offering(ProgramCriteria(types=("iop", "php")))) == [iop_and_php]
    assert list(Facility.objects.offering(ProgramCriteria(types=("residential",)))) == [residential_only]


def test_address_line_and_program_types(make_facility, make_program):
    facility = make_facility(street1="12 Elm St", street2="Suite 4", city="Dayton", state="OH", zip_code="45402")
    make_program(facility, type="residential", weekly_hours_min=None, weekly_hours_max=None)
    make_program(facility, type="iop")
    assert facility.address_line == "12 Elm St, Suite 4, Dayton, OH 45402"
    assert facility.program_types() == ["Intensive outpatient (IOP)", "Residential"]
