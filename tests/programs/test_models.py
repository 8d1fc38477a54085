from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from programs.models import Program

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    pytest.param({"weekly_hours_min": Decimal("12"), "weekly_hours_max": Decimal("9")}, id="hours min > max"),
    pytest.param({"weekly_hours_min": Decimal("-1")}, id="negative hours"),
    pytest.param({"weekly_hours_min": None, "weekly_hours_max": Decimal("169")}, id="more hours than a week has"),
    pytest.param({"days_per_week_min": 0}, id="zero days"),
    pytest.param({"days_per_week_min": None, "days_per_week_max": 8}, id="eight days"),
    pytest.param({"days_per_week_min": 5, "days_per_week_max": 3}, id="days min > max"),
    pytest.param({"duration_weeks_min": 12, "duration_weeks_max": 8}, id="weeks min > max"),
    pytest.param({"duration_weeks_min": 0}, id="zero weeks"),
    pytest.param({"duration_weeks_min": None, "duration_weeks_max": 0}, id="zero weeks at most"),
    pytest.param({"type": "detox"}, id="unknown program type"),
]


@pytest.mark.parametrize("values", BAD_VALUES)
def test_the_database_refuses_impossible_programs(make_facility, make_program, values):
    program = make_program(make_facility())
    # update() bypasses forms and model validation: the constraint is the last line of defence.
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(**values)


def test_unreported_values_stay_null_not_zero(make_facility):
    program = Program.objects.create(facility=make_facility(), type=Program.Type.IOP)
    program.refresh_from_db()
    assert program.weekly_hours_min is None
    assert program.days_per_week_max is None
    assert program.evening is None
    assert program.telehealth is None
    assert program.detox == ""
    assert program.accepting == Program.Accepting.UNKNOWN
    assert program.hours_text == "Not reported"
    assert program.schedule_text == "Not reported"


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (Decimal("9.0"), Decimal("12.0"), "9–12 hours a week"),
        (Decimal("9.5"), Decimal("9.5"), "9.5 hours a week"),
        (Decimal("10"), None, "at least 10 hours a week"),
        (None, Decimal("20"), "up to 20 hours a week"),
        (Decimal("1"), Decimal("1"), "1 hour a week"),
    ],
)
def test_hours_read_plainly(make_facility, make_program, low, high, expected):
    program = make_program(make_facility(), weekly_hours_min=low, weekly_hours_max=high)
    assert program.hours_text == expected


def test_schedule_lists_the_session_times(make_facility, make_program):
    program = make_program(make_facility(), daytime=False, evening=True, weekend=True)
    assert program.schedule == ["evening", "weekend"]
    assert program.schedule_text == "Evening, weekend"


def test_programs_list_iop_then_php_then_residential(make_facility, make_program):
    facility = make_facility()
    make_program(facility, type="residential", weekly_hours_min=None, weekly_hours_max=None)
    make_program(facility, type="php", weekly_hours_min=20, weekly_hours_max=25)
    make_program(facility, type="iop")
    assert [p.type for p in Program.objects.order_by_level()] == ["iop", "php", "residential"]
