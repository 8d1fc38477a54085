"""The search's parameters: one form for the results page and the JSON API, validated on purpose.

Every parameter is a field, so a bad value becomes a message for the person (or a 400 naming it for the
API), never a silently dropped filter and never a 500. Each bound is read from where it is defined (the
program ranges from programs.models, the place's length from geo.places); the OpenAPI document is made
from these fields, so the contract says what the form accepts.
"""

from django import forms
from django.forms.utils import ErrorList
from django.http import QueryDict
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from geo.places import LATITUDES, LONGITUDES, MAX_LOCATION_LENGTH, LocationError, resolve
from programs.models import RANGES, Program, ProgramCriteria
from search.choices import CHOICE_PARAMETERS, VOCABULARY_PARAMETERS, vocabulary_choices
from search.query import Search


def _miles(miles: int) -> str:
    """A radius's choice in words, in the language of the request that shows it (made lazy below)."""
    return gettext("%(miles)s miles") % {"miles": miles}


RADIUS_CHOICES = [(miles, lazy(_miles, str)(miles)) for miles in (5, 10, 25, 50, 100)]
DEFAULT_RADIUS = 25
SORTS = [
    ("distance", gettext_lazy("Distance")),
    ("name", pgettext_lazy("sort by", "Name")),
    ("hours", gettext_lazy("Weekly hours")),
]
DEFAULT_SORT = "distance"
YES = [("1", gettext_lazy("Yes"))]
SCHEDULE_NAMES = {
    "daytime": gettext_lazy("Daytime"),
    "evening": gettext_lazy("Evening"),
    "weekend": gettext_lazy("Weekend"),
}
SCHEDULES = [(time, SCHEDULE_NAMES[time]) for time in Program.SESSION_TIMES]
DETOX = [
    (Program.Detox.ONSITE, gettext_lazy("On site")),
    (Program.Detox.REFERRAL, gettext_lazy("Referral to a detox facility")),
]
MAX_NAME_LENGTH = 100
MAX_COORDINATE_LENGTH = 30
PAGE_SIZE = 20  # results a page: the page's, and the API's unless page_size says otherwise
MAX_PAGE_SIZE = 100
# The query string as a whole, checked before the form reads it (query_errors): the results page repeats it in
# each active filter's remove link, so 455 bad `type` values (a 4 KB query) made a 2.7 MB page. The biggest
# search a person can make, every choice ticked once and every other field at its longest, is about 4,500
# characters and 140 values with the seeded lists (tests/search/test_query_bounds.py); the bounds leave room
# for new entries, and nginx and Apache refuse a request line over about 8 KB anyway. Besides these, no
# multiple-choice parameter may have more values than it has choices.
MAX_QUERY_LENGTH = 8_000  # characters as sent, percent-encoded
MAX_QUERY_VALUES = 300  # name=value pairs, every parameter's together
QUERY_STRING = "query_string"  # what query_errors names a message about the whole query
_, LEAST_HOURS, MOST_HOURS = RANGES["weekly_hours"]
_, FEWEST_DAYS, MOST_DAYS = RANGES["days_per_week"]


class QuietErrorList(ErrorList):
    """A field's messages. Empty (as most of a search page's 22 lists are), nothing, without rendering a template."""

    def render(self, template_name=None, context=None, renderer=None):
        return super().render(template_name, context, renderer) if self else SafeString()

    __str__ = render
    __html__ = render


class Vocabulary(BaseChoiceIterator):
    """A vocabulary's cached (slug, name) choices, which are already in the form Django normalises choices to: given
    to a field as they are, not copied again entry by entry for every form."""

    def __init__(self, choices: list[tuple[str, str]]):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


class YesField(forms.ChoiceField):
    """A filter that is on ("1") or off (absent or empty)."""

    def __init__(self, label: str):
        super().__init__(label=label, choices=YES, required=False)


class CoordinateField(forms.CharField):
    """A latitude or longitude as the browser sends it; geo.places.resolve checks it is a number in range."""

    def __init__(self, bounds: tuple[float, float]):
        super().__init__(max_length=MAX_COORDINATE_LENGTH, required=False)
        self.minimum, self.maximum = bounds


class WholeNumberField(forms.IntegerField):
    """A page number or size: ASCII digits only (no "1.0", no other scripts' digits), from 1."""

    default_error_messages = {
        "invalid": gettext_lazy("Must be a whole number from 1."),
        "min_value": gettext_lazy("Must be a whole number from 1."),
    }

    def __init__(self, *, default: int, max_value: int | None = None):
        messages = {"max_value": gettext_lazy("At most %(limit_value)s.")} if max_value else {}
        super().__init__(min_value=1, max_value=max_value, required=False, error_messages=messages)
        self.default = default

    def to_python(self, value):
        if value in self.empty_values:
            return self.default
        if not (isinstance(value, str) and value.isascii() and value.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        digits = value.lstrip("0") or "0"
        # int() refuses a number of over 4,300 digits; one of 20 is already past every page and every size.
        return int(digits[:20])


def _hours_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=LEAST_HOURS, max_value=MOST_HOURS, max_digits=4, decimal_places=1, required=False
    )


class SearchForm(forms.Form):
    """The parameters of /search/ (the names are the public contract); `search` is the validated Search."""

    location = forms.CharField(
        label=gettext_lazy("ZIP code or city and state"), max_length=MAX_LOCATION_LENGTH, required=False
    )
    lat = CoordinateField(LATITUDES)
    lng = CoordinateField(LONGITUDES)
    radius = forms.TypedChoiceField(
        label=gettext_lazy("Distance"), choices=RADIUS_CHOICES, coerce=int, empty_value=DEFAULT_RADIUS, required=False
    )
    type = forms.MultipleChoiceField(label=gettext_lazy("Program type"), choices=Program.Type.choices, required=False)
    therapy = forms.MultipleChoiceField(label=gettext_lazy("Therapies (all of)"), choices=[], required=False)
    hours_min = _hours_field(gettext_lazy("At least … hours a week"))
    hours_max = _hours_field(gettext_lazy("At most … hours a week"))
    include_unreported = YesField(gettext_lazy("Include programs that have not reported hours or days"))
    days_max = forms.TypedChoiceField(
        label=gettext_lazy("At most … days a week"),
        choices=[(n, str(n)) for n in range(FEWEST_DAYS, MOST_DAYS + 1)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    schedule = forms.MultipleChoiceField(
        label=gettext_lazy("Session times (any of)"), choices=SCHEDULES, required=False
    )
    telehealth = YesField(gettext_lazy("Telehealth sessions"))
    medication_management = YesField(gettext_lazy("Medication management"))
    detox = forms.ChoiceField(label=gettext_lazy("Detox"), choices=DETOX, required=False)
    accepting = YesField(gettext_lazy("Accepting new patients"))
    co_occurring = YesField(gettext_lazy("Treats co-occurring mental health conditions"))
    served = forms.MultipleChoiceField(label=gettext_lazy("Who is served (any of)"), choices=[], required=False)
    age = forms.MultipleChoiceField(label=gettext_lazy("Ages accepted (any of)"), choices=[], required=False)
    payment = forms.MultipleChoiceField(label=gettext_lazy("Payment (any of)"), choices=[], required=False)
    language = forms.MultipleChoiceField(label=gettext_lazy("Language (any of)"), choices=[], required=False)
    population = forms.MultipleChoiceField(
        label=gettext_lazy("Special programs or groups for (any of)"), choices=[], required=False
    )
    service = forms.MultipleChoiceField(label=gettext_lazy("Support services (any of)"), choices=[], required=False)
    medication = forms.MultipleChoiceField(label=gettext_lazy("Medication (any of)"), choices=[], required=False)
    q = forms.CharField(label=gettext_lazy("Name contains"), max_length=MAX_NAME_LENGTH, required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), choices=SORTS, initial=DEFAULT_SORT, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, error_class=QuietErrorList, **kwargs)
        self.location_choices = []  # (label, location) when the place is ambiguous: "did you mean"
        for parameter, choices in vocabulary_choices().items():
            self.fields[parameter].choices = Vocabulary(choices)

    def clean(self):
        data = super().clean()
        data["place"] = None
        location, lat, lng = data.get("location") or "", data.get("lat") or "", data.get("lng") or ""
        if location or lat or lng:
            try:
                data["place"] = resolve(location, lat, lng)
            except LocationError as error:
                self.location_choices = error.choices
                self.add_error({"latitude": "lat", "longitude": "lng"}.get(error.about, "location"), error.message)
        minimum, maximum = data.get("hours_min"), data.get("hours_max")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add_error("hours_max", gettext("The most hours must not be less than the fewest."))
        return data

    @property
    def radius_miles(self) -> int:
        """The radius asked for once valid, else the default (the page shows it selected either way)."""
        return (self.cleaned_data.get("radius") if self.is_valid() else None) or DEFAULT_RADIUS

    @property
    def search(self) -> Search:
        """The validated search; call only when is_valid()."""
        data = self.cleaned_data
        return Search(
            place=data["place"],
            miles=data.get("radius") or DEFAULT_RADIUS,
            programs=ProgramCriteria(
                types=tuple(data.get("type") or ()),
                therapies=tuple(data.get("therapy") or ()),
                hours_min=data.get("hours_min"),
                hours_max=data.get("hours_max"),
                days_max=data.get("days_max"),
                include_unreported=bool(data.get("include_unreported")),
                schedule=tuple(data.get("schedule") or ()),
                telehealth=bool(data.get("telehealth")),
                medication_management=bool(data.get("medication_management")),
                detox=data.get("detox") or "",
                accepting=bool(data.get("accepting")),
            ),
            co_occurring=bool(data.get("co_occurring")),
            name=data.get("q") or "",
            lists={field: tuple(data.get(parameter) or ()) for parameter, field in VOCABULARY_PARAMETERS.items()},
            sort=data.get("sort") or DEFAULT_SORT,
        )


class ApiSearchForm(SearchForm):
    """The API's parameters: the search's, and which page of how many results."""

    page = WholeNumberField(default=1)
    page_size = WholeNumberField(default=PAGE_SIZE, max_value=MAX_PAGE_SIZE)


def query_errors(query_string: str) -> dict[str, list[str]]:
    """Messages by parameter when a query string (as sent) is bigger than any search a person makes, else {}."""
    if len(query_string) > MAX_QUERY_LENGTH:
        message = gettext("This search is %(length)s characters long; a search is at most %(most)s.")
        return {QUERY_STRING: [message % {"length": f"{len(query_string):,}", "most": f"{MAX_QUERY_LENGTH:,}"}]}
    values = query_string.count("&") + 1  # as Django counts them (DATA_UPLOAD_MAX_NUMBER_FIELDS), before parsing
    if values > MAX_QUERY_VALUES:
        message = gettext("This search has %(values)s parameters; a search has at most %(most)s.")
        return {QUERY_STRING: [message % {"values": f"{values:,}", "most": f"{MAX_QUERY_VALUES:,}"}]}
    data, errors = QueryDict(query_string), {}
    # The vocabularies' choices are read from the cache only when the query lists some (most searches list none).
    vocabularies = vocabulary_choices() if any(name in data for name in CHOICE_PARAMETERS) else {}
    for name, field in SearchForm.base_fields.items():  # the form's fields, not a form: making one costs a millisecond
        given = len(data.getlist(name))
        if isinstance(field, forms.MultipleChoiceField) and given:
            choices = len(vocabularies.get(name, field.choices))
            if given > choices:
                message = gettext("%(field)s is given %(given)d values, more than its %(choices)d choices.")
                errors[name] = [message % {"field": field.label, "given": given, "choices": choices}]
    return errors
