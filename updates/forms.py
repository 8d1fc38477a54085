"""The program's update form (one part for the facility, one per program, prefilled with the listing), and the
"ask for a new link" form with its honeypot."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, override

from facilities.models import Facility, PaymentOption
from programs.models import RANGES, WAITLIST_WEEKS_MAX, Program, Therapy
from programs.vocabulary import labelled
from updates.models import LinkRequest

SESSION_CHOICES = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")), ("", gettext_lazy("Not sure"))]
# The program says which: "Not known" is ours to say, when a report is missing or old.
ACCEPTING_CHOICES = [choice for choice in Program.Accepting.choices if choice[0] != Program.Accepting.UNKNOWN]
# Labels people read on their phone, above each box; the curators' review shows the same ones, in English (marked
# here, translated where the form is made).
RANGE_LABELS = {
    "weekly_hours_min": gettext_noop("Fewest hours a week"),
    "weekly_hours_max": gettext_noop("Most hours a week"),
    "days_per_week_min": gettext_noop("Fewest days a week"),
    "days_per_week_max": gettext_noop("Most days a week"),
    "duration_weeks_min": gettext_noop("Shortest length, in weeks"),
    "duration_weeks_max": gettext_noop("Longest length, in weeks"),
}
RANGE_LEGENDS = {
    "weekly_hours": gettext_noop("Hours of treatment a week"),
    "days_per_week": gettext_noop("Days a week"),
    "duration_weeks": gettext_noop("How long the program lasts"),
}


def session_choice(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def number_box(low, high, label: str, *, decimal: bool = False) -> forms.Field:
    bounds = {"min_value": low} | ({"max_value": high} if high is not None else {})
    if decimal:
        widget = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"})
        return forms.DecimalField(max_digits=4, decimal_places=1, required=False, label=label, widget=widget, **bounds)
    return forms.IntegerField(
        required=False, label=label, widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **bounds
    )


def program_title(program: Program) -> str:
    """The program's name as its listing gives it: "Intensive outpatient (IOP): Evening IOP"."""
    level = program.get_type_display()
    return f"{level}: {program.name}" if program.name else level


def session_field(label: str) -> forms.Field:
    """Yes / no / not sure: True, False or None."""
    return forms.TypedChoiceField(
        label=label,
        choices=SESSION_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ProgramUpdateForm(forms.Form):
    """One program's hours, schedule, whether it takes new patients, and therapies."""

    daytime = session_field(gettext_lazy("Daytime sessions"))
    evening = session_field(gettext_lazy("Evening sessions"))
    weekend = session_field(gettext_lazy("Weekend sessions"))
    accepting = forms.ChoiceField(
        label=gettext_lazy("Are you taking new patients?"),
        choices=ACCEPTING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Say whether this program is taking new patients.")},
    )
    waitlist_weeks = forms.IntegerField(
        label=gettext_lazy("With a waitlist: about how many weeks?"),
        required=False,
        min_value=1,
        max_value=WAITLIST_WEEKS_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    therapies = forms.MultipleChoiceField(
        label=gettext_lazy("Therapies you offer"), required=False, widget=forms.CheckboxSelectMultiple
    )

    # The order the page and the review show them in.
    FIELDS = (
        "weekly_hours_min",
        "weekly_hours_max",
        "days_per_week_min",
        "days_per_week_max",
        "duration_weeks_min",
        "duration_weeks_max",
        *Program.SESSION_TIMES,
        "accepting",
        "waitlist_weeks",
        "therapies",
    )

    def __init__(self, *args, program: Program, therapy_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        for field, (_label, low, high) in RANGES.items():
            for name in (f"{field}_min", f"{field}_max"):
                self.fields[name] = number_box(low, high, _(RANGE_LABELS[name]), decimal=field == "weekly_hours")
        weeks = _("Give a number of weeks from 1 to %(most)d.") % {"most": WAITLIST_WEEKS_MAX}
        self.fields["waitlist_weeks"].error_messages |= {"min_value": weeks, "max_value": weeks}
        self.order_fields(self.FIELDS)
        self.fields["therapies"].choices = therapy_choices
        if not self.is_bound:
            self.initial = initial_values(program)

    @property
    def title(self) -> str:
        return program_title(self.program)

    def range_fields(self):
        """[(legend, min box, max box)] for the page: each range a pair side by side."""
        return [(_(RANGE_LEGENDS[field]), self[f"{field}_min"], self[f"{field}_max"]) for field in RANGES]

    def session_fields(self):
        return [self[name] for name in Program.SESSION_TIMES]

    def clean(self):
        data = super().clean()
        if data.get("accepting") != Program.Accepting.WAITLIST:
            data["waitlist_weeks"] = None  # weeks only mean something with a waitlist
        # The model's own range rules (min ≤ max), checked on an unsaved copy: the same words as in admin.
        ranges = {f"{field}_{end}": data.get(f"{field}_{end}") for field in RANGES for end in ("min", "max")}
        try:
            Program(**ranges).clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)
        return data

    def as_data(self) -> dict:
        """What the program sent, as JSON: hours as text, lists as sorted slugs."""
        data = {name: self.cleaned_data.get(name) for name in self.FIELDS}
        for name, value in data.items():
            if isinstance(value, Decimal):
                data[name] = str(value)
        data["therapies"] = sorted(data["therapies"] or [])
        return data


class FacilityUpdateForm(forms.Form):
    """The facility's phones, website and the payment it accepts."""

    phone = forms.CharField(
        label=gettext_lazy("Main phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    intake_phone = forms.CharField(
        label=gettext_lazy("Intake phone number, if different"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    website = forms.URLField(
        label=gettext_lazy("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
    )
    payment_options = forms.MultipleChoiceField(
        label=gettext_lazy("Payment accepted"), required=False, widget=forms.CheckboxSelectMultiple
    )

    FIELDS = ("phone", "intake_phone", "website", "payment_options")

    def __init__(self, *args, facility: Facility, payment_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.facility = facility
        self.fields["payment_options"].choices = payment_choices
        if not self.is_bound:
            self.initial = initial_values(facility)

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()

    def clean_intake_phone(self):
        return self.cleaned_data["intake_phone"].strip()

    def as_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.FIELDS}
        data["payment_options"] = sorted(data["payment_options"] or [])
        return data


def initial_values(record) -> dict:
    """The listing's values as the form shows them (lists as slugs, session times as yes / no / not sure)."""
    if isinstance(record, Facility):
        values = {name: getattr(record, name) for name in FacilityUpdateForm.FIELDS[:-1]}
        values["payment_options"] = [option.slug for option in record.payment_options.all()]
        return values
    values = {name: getattr(record, name) for name in ProgramUpdateForm.FIELDS if name != "therapies"}
    values |= {name: session_choice(getattr(record, name)) for name in Program.SESSION_TIMES}
    if record.accepting == Program.Accepting.UNKNOWN:
        values["accepting"] = None
    values["therapies"] = [therapy.slug for therapy in record.therapies.all()]
    return values


def named_choices(vocabulary) -> list[tuple[str, str]]:
    """(slug, name) of every entry of a vocabulary, named in the page's language and in that name's order."""
    return labelled(vocabulary.objects.values_list("slug", "name", "name_es"))


class ListingUpdateForm:
    """The facility's part and one part per program (in level order), checked and sent together.

    Reads the therapies and payment options once (two queries), and each record's lists unless prefetched."""

    def __init__(self, facility: Facility, programs: list[Program], data=None):
        therapy_choices = named_choices(Therapy)
        payment_choices = named_choices(PaymentOption)
        self.facility = FacilityUpdateForm(data, prefix="facility", facility=facility, payment_choices=payment_choices)
        self.programs = [
            ProgramUpdateForm(data, prefix=f"program-{program.pk}", program=program, therapy_choices=therapy_choices)
            for program in programs
        ]

    def is_valid(self) -> bool:
        return all([self.facility.is_valid(), *(form.is_valid() for form in self.programs)])  # every part checked

    @property
    def errors(self) -> bool:
        return bool(self.facility.errors or any(form.errors for form in self.programs))

    def as_data(self) -> dict:
        """ProposedUpdate.data: everything sent. The program's label in English, for the curators' review."""
        with override(settings.LANGUAGE_CODE):
            titles = [form.title for form in self.programs]
        return {
            "facility": self.facility.as_data(),
            "programs": [
                {"id": form.program.pk, "label": title, "values": form.as_data()}
                for form, title in zip(self.programs, titles, strict=True)
            ],
        }


class LinkRequestForm(forms.ModelForm):
    # People never see this field (the stylesheet moves it off screen, and screen readers skip it); form-filling
    # bots fill it. A filled one is answered like a sent request and not kept.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))

    class Meta:
        model = LinkRequest
        fields = ["contact", "note"]
        labels = {
            "contact": gettext_lazy("Your email or phone number, for the new link"),
            "note": gettext_lazy("The program's name, and anything else we should know (optional)"),
        }
        help_texts = {"contact": "", "note": ""}  # the model's are for curators
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
