"""Record a call to a facility: what it confirmed is dated today as confirmed by our staff, the listing is verified
today, and every write is in the history of the facility and of each program it touched, by the curator."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from facilities.history import save_with_history
from facilities.models import Facility
from programs.freshness import Confirmation, stamp
from programs.models import Program
from verification.models import Verification

# What a call can confirm of the facility itself, as the record names it. Only the phones are dated on the listing
# (Facility.CONFIRMED); the website and address are kept in the Verification record and `verified_on`.
FACILITY_FACTS = ("phones", "website", "address")


@dataclass(frozen=True)
class NewAvailability:
    """What the facility said about a program's availability on the call."""

    program: Program
    status: str  # a Program.Accepting value other than UNKNOWN
    waitlist_weeks: int | None = None  # kept only with a waitlist


def program_name(program: Program) -> str:
    return program.name or program.get_type_display()


def record_phone_verification(
    facility: Facility,
    *,
    facts: Sequence[str] = (),
    hours: Sequence[Program] = (),
    availability: Sequence[NewAvailability] = (),
    user=None,
    day: date | None = None,
) -> Verification:
    """Verify `facility` on `day` (today): stamp the phones if in `facts`, the hours of each program in `hours`, and
    set each availability in `availability`, all as confirmed by our staff; record which in a Verification."""
    day = day or timezone.localdate()
    labels = [fact for fact in FACILITY_FACTS if fact in facts]
    labels += [f"hours of {program_name(program)}" for program in hours]
    labels += [f"availability of {program_name(item.program)}" for item in availability]
    reason = f"Verified by phone: {', '.join(labels)}"

    facility.verified_on, facility.verification_overdue = day, False
    facility_fields = ["verified_on", "verification_overdue"]
    if "phones" in facts:
        facility_fields += stamp(facility, Facility.CONFIRMED["phone"], Confirmation.CURATOR, day)

    programs, program_fields = {}, set()
    for program in hours:
        program_fields.update(stamp(program, Program.HOURS_FIELDS, Confirmation.CURATOR, day))
        programs[program.pk] = program
    for item in availability:
        program = item.program
        program.accepting = item.status
        program.waitlist_weeks = item.waitlist_weeks if item.status == Program.Accepting.WAITLIST else None
        program_fields.update(["accepting", "waitlist_weeks"])
        program_fields.update(stamp(program, Program.AVAILABILITY_FIELDS, Confirmation.CURATOR, day))
        programs[program.pk] = program

    with transaction.atomic():
        save_with_history([facility], Facility, facility_fields, user=user, reason=reason)
        if programs:
            save_with_history(list(programs.values()), Program, sorted(program_fields), user=user, reason=reason)
        return Verification.objects.create(facility=facility, day=day, user=user, fields=labels)
