"""The HSDS API's parameters, each validated: a bad value is a 400 that names it, never a dropped filter."""

from datetime import UTC, datetime, time

from django import forms
from django.utils.dateparse import parse_date, parse_datetime

from geo.places import LocationError, resolve
from hsds import ids, taxonomy
from search.forms import DEFAULT_RADIUS, MAX_PAGE_SIZE, PAGE_SIZE, RADIUS_CHOICES, WholeNumberField

METERS_PER_MILE = 1609.344
# The site searches at most this far (its largest radius); so does `proximity`.
MAX_MILES = max(miles for miles, _words in RADIUS_CHOICES)
MAX_PROXIMITY = round(MAX_MILES * METERS_PER_MILE)
MAX_SEARCH_LENGTH = 100


class Flag(forms.Field):
    """`true` or `false` (as HSDS writes booleans); absent is false."""

    def to_python(self, value):
        if value in self.empty_values:
            return False
        if value not in ("true", "false"):
            raise forms.ValidationError("Must be true or false.")
        return value == "true"


class ListForm(forms.Form):
    """What every list takes: which page, how big, a search in names, and the format (JSON only)."""

    page = WholeNumberField(default=1)
    per_page = WholeNumberField(default=PAGE_SIZE, max_value=MAX_PAGE_SIZE)
    search = forms.CharField(required=False, max_length=MAX_SEARCH_LENGTH, strip=True)
    format = forms.CharField(required=False)

    def clean_format(self):
        value = self.cleaned_data["format"]
        if value not in ("", "json"):
            raise forms.ValidationError(
                "Only json is served here; the whole directory as ndjson or as CSV files is the export "
                "(manage.py export_hsds)."
            )
        return value


class TermForm(ListForm):
    taxonomy_id = forms.CharField(required=False)
    parent_id = forms.UUIDField(required=False, error_messages={"invalid": "Must be a taxonomy term's id (a UUID)."})
    top_only = Flag(required=False)

    def clean_taxonomy_id(self):
        return taxonomy_of(self.cleaned_data["taxonomy_id"])


class OrganizationDetailForm(forms.Form):
    full_service = Flag(required=False)


class OrganizationForm(ListForm):
    full = Flag(required=False)
    full_service = Flag(required=False)
    modified_after = forms.CharField(required=False)

    def clean_modified_after(self):
        return moment(self.cleaned_data["modified_after"])


class ServiceForm(ListForm):
    taxonomy_term_id = forms.CharField(required=False)
    taxonomy_id = forms.CharField(required=False)
    organization_id = forms.CharField(required=False)
    modified_after = forms.CharField(required=False)
    full = Flag(required=False)

    def clean_taxonomy_term_id(self):
        value = self.cleaned_data["taxonomy_term_id"]
        if not value:
            return None
        if (term := taxonomy.find(value)) is None:
            message = f"{value!r} is no term of IOP Finder's taxonomy (see /api/hsds/taxonomy_terms)."
            raise forms.ValidationError(message)
        return term

    def clean_taxonomy_id(self):
        return taxonomy_of(self.cleaned_data["taxonomy_id"])

    def clean_organization_id(self):
        value = self.cleaned_data["organization_id"]
        if not value:
            return None
        if (number := ids.number_of("organization", value)) is None:
            raise forms.ValidationError(f"{value!r} is no organization id of IOP Finder.")
        return number

    def clean_modified_after(self):
        return moment(self.cleaned_data["modified_after"])


class ServiceAtLocationForm(ServiceForm):
    postcode = forms.CharField(required=False, max_length=10)
    proximity = forms.CharField(required=False)

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if not value:
            return None
        if not (value.isascii() and value[:5].isdigit()):
            raise forms.ValidationError(f"{value!r} is not a US ZIP code.")
        try:
            return resolve(value)
        except LocationError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_proximity(self):
        value = self.cleaned_data["proximity"]
        if not value:
            return None
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value[:10]) <= MAX_PROXIMITY:
            raise forms.ValidationError(f"Must be a whole number of meters from 1 to {MAX_PROXIMITY:,}.")
        return int(value)

    def clean(self):
        data = super().clean()
        if data.get("proximity") and "postcode" not in self.errors and not data.get("postcode"):
            self.add_error("proximity", "Give a postcode to measure it from.")
        return data

    @property
    def miles(self) -> float:
        """How far from the postcode: `proximity` in miles, or the site's default radius."""
        meters = self.cleaned_data.get("proximity")
        return meters / METERS_PER_MILE if meters else DEFAULT_RADIUS


def taxonomy_of(value: str):
    if not value:
        return None
    found = next((each for each in taxonomy.TAXONOMIES if each.id == value.lower()), None)
    if found is None:
        raise forms.ValidationError(f"{value!r} is no taxonomy of IOP Finder (see /api/hsds/taxonomies).")
    return found


def moment(value: str) -> datetime | None:
    """An ISO 8601 date-time (UTC when it names no zone) or date (its start, UTC), or None when not given."""
    if not value:
        return None
    # An offset's "+" arrives as a space when a client did not encode it (%2B): "…T14:05:00 05:00".
    value = value.replace(" ", "+")
    try:
        found = parse_datetime(value)
        if found is None and (day := parse_date(value)):
            found = datetime.combine(day, time.min)
    except ValueError:
        found = None
    if found is None:
        raise forms.ValidationError("Must be a date-time such as 2026-11-30T14:05:00Z, or a date such as 2026-11-30.")
    try:
        return found.astimezone(UTC) if found.tzinfo else found.replace(tzinfo=UTC)
    except OverflowError as error:  # "0001-01-01T00:00:00+05:00" is before the year 1 in UTC
        raise forms.ValidationError("Must be a time between the years 1 and 9999 in UTC.") from error


# Not the HSDS API's, but sent to every API: it is English whatever `lang` says (iopfinder/languages.py).
IGNORED = {"lang"}


def errors_of(form) -> dict[str, list[str]]:
    """The form's messages by parameter, and one for each parameter the path does not take: a filter sent to the
    wrong path (`postcode` to /services) would otherwise be dropped without a word."""
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    for name in sorted(set(form.data) - set(form.fields) - IGNORED):
        errors[name[:50]] = [f"{name[:50]!r} is not a parameter of this path; it takes {', '.join(form.fields)}."]
    return errors
