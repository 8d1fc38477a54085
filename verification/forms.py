"""The "Verified by phone today" form: a box for each thing the facility can confirm on a call, each beside what the
listing says now, and for each program the availability to set (prefilled with the status on the listing)."""

from django import forms

from facilities.models import Facility
from programs.models import WAITLIST_WEEKS_MAX, Program
from verification.verify import FACILITY_FACTS, NewAvailability, program_name

STATUSES = [(value, label) for value, label in Program.Accepting.choices if value != Program.Accepting.UNKNOWN]


def _or_none(text: str) -> str:
    return text or "none listed"


def phones_now(facility: Facility) -> str:
    return f"Main: {_or_none(facility.phone)} · Intake: {_or_none(facility.intake_phone)}"


def hours_now(program: Program) -> str:
    confirmed = f" ({program.hours_confirmed})" if program.hours_confirmed else ""
    return f"{program.hours_text} · {program.days_text} · {program.schedule_text}{confirmed}"


class VerifyForm(forms.Form):
    phones = forms.BooleanField(label="Phones", required=False)
    website = forms.BooleanField(label="Website", required=False)
    address = forms.BooleanField(label="Address", required=False)

    def __init__(self, *args, facility: Facility, programs: list[Program], **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.facility, self.programs = facility, programs
        self.fields["phones"].help_text = phones_now(facility)
        self.fields["website"].help_text = _or_none(facility.website)
        self.fields["address"].help_text = facility.address_line
        for program in programs:
            name, pk = program_name(program), program.pk
            self.fields[f"hours_{pk}"] = forms.BooleanField(
                label=f"Hours of {name}", required=False, help_text=hours_now(program)
            )
            self.fields[f"availability_{pk}"] = forms.BooleanField(
                label=f"Availability of {name}", required=False, help_text=f"Now: {program.availability_text}"
            )
            self.fields[f"accepting_{pk}"] = forms.ChoiceField(
                label=f"Status of {name}",
                choices=STATUSES,
                required=False,
                widget=forms.RadioSelect,
                initial=None if program.accepting == Program.Accepting.UNKNOWN else program.accepting,
            )
            self.fields[f"waitlist_weeks_{pk}"] = forms.IntegerField(
                label=f"Waitlist weeks for {name}",
                required=False,
                min_value=1,
                max_value=WAITLIST_WEEKS_MAX,
                initial=program.waitlist_weeks,
                help_text="With a waitlist: about how many weeks, if they said.",
            )

    def facility_rows(self):
        """The boxes for the facility itself (phones, website, address) for the template."""
        return [self[name] for name in FACILITY_FACTS]

    def program_rows(self):
        """(program, its hours box, availability box, status choice, waitlist weeks) for the template."""
        for program in self.programs:
            pk = program.pk
            names = (f"hours_{pk}", f"availability_{pk}", f"accepting_{pk}", f"waitlist_weeks_{pk}")
            yield (program, *(self[name] for name in names))

    def clean(self):
        data = super().clean()
        for program in self.programs:
            pk = program.pk
            status_field, weeks_field = f"accepting_{pk}", f"waitlist_weeks_{pk}"
            status, weeks = data.get(status_field), data.get(weeks_field)
            if data.get(f"availability_{pk}"):
                if not status:
                    self.add_error(status_field, "Choose what they said about taking new patients.")
            elif status and (
                status_field in self.changed_data
                or (status == Program.Accepting.WAITLIST and weeks is not None and weeks_field in self.changed_data)
            ):
                # A status set without the box would be lost silently: ask rather than guess.
                self.add_error(
                    f"availability_{pk}", "You changed the status: tick this box to save it, or set the status back."
                )
        if not self.errors and not any(self.confirmed().values()):
            raise forms.ValidationError("Tick what the facility confirmed on the call.")
        return data

    def confirmed(self) -> dict:
        """The keyword arguments of verification.verify.record_phone_verification."""
        data = self.cleaned_data
        return {
            "facts": [fact for fact in FACILITY_FACTS if data.get(fact)],
            "hours": [program for program in self.programs if data.get(f"hours_{program.pk}")],
            "availability": [
                NewAvailability(program, data[f"accepting_{program.pk}"], data.get(f"waitlist_weeks_{program.pk}"))
                for program in self.programs
                if data.get(f"availability_{program.pk}")
            ],
        }
