"""The search: one FilterSet for the results page and the JSON API, validated on purpose.

Every parameter is a form field, so a bad value becomes a message for the person (or a 400 for the
API), never a silently dropped filter. Program-level conditions must all hold for one program.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, Window

from facilities.geo import LocationError, resolve
from facilities.models import Facility
from facilities.vocabulary import CHOICES_CACHE_KEY, CHOICES_CACHE_SECONDS
from programs.models import Program, Therapy

RADIUS_CHOICES = [(5, "5 miles"), (10, "10 miles"), (25, "25 miles"), (50, "50 miles"), (100, "100 miles")]
DEFAULT_RADIUS = 25
YES = [("1", "Yes")]
SCHEDULES = [("daytime", "Daytime"), ("evening", "Evening"), ("weekend", "Weekend")]
DETOX = [(Program.Detox.ONSITE, "On site"), (Program.Detox.REFERRAL, "Referral to a detox facility")]
SORTS = [("distance", "Distance"), ("name", "Name"), ("hours", "Weekly hours")]
# Parameter -> Facility many-to-many field: any selected entry matches.
VOCABULARY_PARAMETERS = {
    "payment": "payment_options",
    "language": "languages",
    "population": "populations",
    "medication": "medications",
}


class SearchForm(forms.Form):
    """Resolves the place once the fields are clean: `cleaned_data["place"]` is a geo.Place or None."""

    def clean(self):
        data = super().clean()
        data["place"] = None
        location, lat, lng = data.get("location") or "", data.get("lat") or "", data.get("lng") or ""
        if location or lat or lng:
            try:
                data["place"] = resolve(location, lat, lng)
            except LocationError as error:
                self.location_choices = error.choices
                self.add_error("location" if location else "lat", error.message)
        minimum, maximum = data.get("hours_min"), data.get("hours_max")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add_error("hours_max", "The most hours must not be less than the fewest.")
        return data


def vocabulary_choices() -> dict[str, list[tuple[str, str]]]:
    """Slug and name of every therapy and facility vocabulary entry: cached, else one query."""
    return cache.get_or_set(CHOICES_CACHE_KEY, _query_vocabulary_choices, CHOICES_CACHE_SECONDS)


def _query_vocabulary_choices() -> dict[str, list[tuple[str, str]]]:
    queries = [Therapy.objects.order_by().annotate(kind=Value("therapy")).values_list("kind", "slug", "name")]
    for parameter, field_name in VOCABULARY_PARAMETERS.items():
        model = Facility._meta.get_field(field_name).related_model
        queries.append(model.objects.order_by().annotate(kind=Value(parameter)).values_list("kind", "slug", "name"))
    choices = {parameter: [] for parameter in ("therapy", *VOCABULARY_PARAMETERS)}
    for kind, slug, name in sorted(queries[0].union(*queries[1:], all=True), key=lambda row: row[2].casefold()):
        choices[kind].append((slug, name))
    return choices


class FacilityFilter(django_filters.FilterSet):
    location = django_filters.CharFilter(label="ZIP code or city and state", max_length=100, method="by_place")
    lat = django_filters.CharFilter(max_length=30, method="by_place")
    lng = django_filters.CharFilter(max_length=30, method="by_place")
    radius = django_filters.TypedChoiceFilter(
        label="Distance", choices=RADIUS_CHOICES, coerce=int, empty_value=DEFAULT_RADIUS, method="by_place"
    )
    type = django_filters.MultipleChoiceFilter(label="Program type", choices=Program.Type.choices, method="by_program")
    therapy = django_filters.MultipleChoiceFilter(label="Therapies (all of)", choices=[], method="by_program")
    hours_min = django_filters.NumberFilter(
        label="At least … hours a week", min_value=0, max_value=168, max_digits=4, decimal_places=1, method="by_program"
    )
    hours_max = django_filters.NumberFilter(
        label="At most … hours a week", min_value=0, max_value=168, max_digits=4, decimal_places=1, method="by_program"
    )
    include_unreported = django_filters.ChoiceFilter(
        label="Include programs that have not reported hours or days", choices=YES, method="by_program"
    )
    days_max = django_filters.TypedChoiceFilter(
        label="At most … days a week", choices=[(n, str(n)) for n in range(1, 8)], coerce=int, method="by_program"
    )
    schedule = django_filters.MultipleChoiceFilter(
        label="Session times (any of)", choices=SCHEDULES, method="by_program"
    )
    telehealth = django_filters.ChoiceFilter(label="Telehealth sessions", choices=YES, method="by_program")
    medication_management = django_filters.ChoiceFilter(label="Medication management", choices=YES, method="by_program")
    detox = django_filters.ChoiceFilter(label="Detox", choices=DETOX, method="by_program")
    accepting = django_filters.ChoiceFilter(label="Accepting new patients", choices=YES, method="by_program")
    co_occurring = django_filters.ChoiceFilter(
        label="Treats co-occurring mental health conditions", choices=YES, method="by_facility"
    )
    payment = django_filters.MultipleChoiceFilter(label="Payment (any of)", choices=[], method="by_facility")
    language = django_filters.MultipleChoiceFilter(label="Language (any of)", choices=[], method="by_facility")
    population = django_filters.MultipleChoiceFilter(label="Serves (any of)", choices=[], method="by_facility")
    medication = django_filters.MultipleChoiceFilter(label="Medication (any of)", choices=[], method="by_facility")
    q = django_filters.CharFilter(label="Name contains", max_length=100, method="by_facility")
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORTS, empty_label=None, method="by_place")

    class Meta:
        model = Facility
        fields = []
        form = SearchForm

    PROGRAM_PARAMETERS = (
        "type", "therapy", "hours_min", "hours_max", "days_max", "schedule", "telehealth",
        "medication_management", "detox", "accepting",
    )  # fmt: skip

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.choices = vocabulary_choices()
        for parameter, choices in self.choices.items():
            self.filters[parameter].extra["choices"] = choices

    # Each filter's own work happens in filter_queryset, where the program conditions combine.
    def by_place(self, queryset, name, value):
        return queryset

    by_program = by_facility = by_place

    @property
    def place(self):
        return self.form.cleaned_data.get("place") if self.is_valid() else None

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        place = data["place"]
        if place:
            queryset = queryset.near(place.latitude, place.longitude, self.radius_miles)
        return self.sorted(self.matching(queryset, data), data, place)

    @property
    def radius_miles(self) -> int:
        return (self.form.cleaned_data.get("radius") if self.is_valid() else None) or DEFAULT_RADIUS

    def matching(self, queryset, data):
        """Every condition but the place, and each facility's matching programs as `matched_programs`."""
        queryset = queryset.defer("source_values")  # what the national directory said: for imports, never shown
        queryset = self.facility_conditions(queryset, data)
        programs = self.program_queryset(data)
        if programs is not None:
            queryset = queryset.filter(Exists(programs.filter(facility=OuterRef("pk"))))
        matched = (programs if programs is not None else Program.objects.all()).order_by_level()
        return queryset.prefetch_related(
            Prefetch("programs", queryset=matched.prefetch_related("therapies"), to_attr="matched_programs")
        )

    def nearest_beyond_radius(self, limit: int = 3) -> list[Facility]:
        """When nothing is within the radius: the closest matches farther out, nearest first.

        Their ids are found first (on PostgreSQL from the facilities_facility_lat_lng index alone), then
        only those facilities are loaded: a search that matches nothing anywhere scans the index, not the table.
        """
        place, data = self.place, self.form.cleaned_data
        if place is None:
            return []
        base = self.matching(self.queryset, data)
        order = ("distance", "name", "pk")
        for miles in (250, 1000, None):  # widening boxes keep the distance computation on few rows
            if miles:
                candidates = base.near(place.latitude, place.longitude, miles)
            else:
                candidates = base.with_distance(place.latitude, place.longitude)
            candidates = candidates.filter(distance__gt=self.radius_miles).order_by(*order).prefetch_related(None)
            ids = list(candidates.values_list("pk", flat=True)[:limit])
            if len(ids) == limit:  # fewer: a nearer match may lie just outside this box's circle
                break
        if not ids:
            return []
        return list(base.with_distance(place.latitude, place.longitude).filter(pk__in=ids).order_by(*order))

    def facility_conditions(self, queryset, data):
        if data.get("co_occurring"):
            queryset = queryset.filter(co_occurring=True)
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        for parameter, field_name in VOCABULARY_PARAMETERS.items():
            if data.get(parameter):
                through = Facility._meta.get_field(field_name).remote_field.through
                target = Facility._meta.get_field(field_name).m2m_reverse_field_name()
                chosen = through.objects.filter(facility=OuterRef("pk"), **{f"{target}__slug__in": data[parameter]})
                queryset = queryset.filter(Exists(chosen))
        return queryset

    def program_queryset(self, data):
        """Programs meeting every program-level condition, or None when no such filter is set."""
        if not any(data.get(name) not in (None, "", []) for name in self.PROGRAM_PARAMETERS):
            return None
        programs = Program.objects.all()
        if data.get("type"):
            programs = programs.filter(type__in=data["type"])
        for slug in data.get("therapy") or []:
            # The therapy's id found once (a subquery), not joined for each program: one index probe per program.
            therapy = Subquery(Therapy.objects.filter(slug=slug).values("pk"))
            offered = Program.therapies.through.objects.filter(program=OuterRef("pk"), therapy=therapy)
            programs = programs.filter(Exists(offered))
        unreported_ok = bool(data.get("include_unreported"))
        programs = programs.filter(_hours_condition(data.get("hours_min"), data.get("hours_max"), unreported_ok))
        if data.get("days_max"):
            fits = Q(days_per_week_min__lte=data["days_max"]) | Q(
                days_per_week_min__isnull=True, days_per_week_max__lte=data["days_max"]
            )
            if unreported_ok:
                fits |= Q(days_per_week_min__isnull=True, days_per_week_max__isnull=True)
            programs = programs.filter(fits)
        if data.get("schedule"):
            any_time = Q()
            for time in data["schedule"]:
                any_time |= Q(**{time: True})
            programs = programs.filter(any_time)
        for flag in ("telehealth", "medication_management"):
            if data.get(flag):
                programs = programs.filter(**{flag: True})
        if data.get("detox"):
            programs = programs.filter(detox=data["detox"])
        if data.get("accepting"):
            programs = programs.filter(accepting=Program.Accepting.YES)
        return programs

    def sorted(self, queryset, data, place):
        sort = data.get("sort") or "distance"
        if sort == "hours":
            lightest = Program.objects.filter(facility=OuterRef("pk"), weekly_hours_min__isnull=False)
            programs = self.program_queryset(data)
            if programs is not None:
                lightest = lightest.filter(pk__in=programs.values("pk"))
            queryset = queryset.annotate(
                hours=Subquery(lightest.order_by("weekly_hours_min").values("weekly_hours_min")[:1])
            )
            return queryset.order_by(F("hours").asc(nulls_last=True), *(["distance"] if place else []), "name", "pk")
        if sort == "distance" and place:
            return queryset.order_by("distance", "name", "pk")
        return queryset.order_by("name", "pk")


def _hours_condition(minimum: Decimal | None, maximum: Decimal | None, unreported_ok: bool) -> Q:
    """A program's hours range overlaps the wanted one; a range reported at one end counts at that end."""
    if minimum is None and maximum is None:
        return Q()
    fits = Q()
    if minimum is not None:
        fits &= Q(weekly_hours_max__gte=minimum) | Q(weekly_hours_max__isnull=True, weekly_hours_min__gte=minimum)
    if maximum is not None:
        fits &= Q(weekly_hours_min__lte=maximum) | Q(weekly_hours_min__isnull=True, weekly_hours_max__lte=maximum)
    if unreported_ok:
        fits |= Q(weekly_hours_min__isnull=True, weekly_hours_max__isnull=True)
    return fits


class SearchPaginator(Paginator):
    """Pages of results nearest first in one pass over the matches instead of two.

    Django's Paginator counts the matches, then finds and sorts them again for the page: nearest first,
    both compute every match's distance. Here one query finds the page's ids with the total beside them
    (a window count; on PostgreSQL from the facilities_facility_lat_lng index alone), and a second loads
    only those facilities by primary key. A page past the last falls back to the plain count, so the
    answers are Django's. In any other order an index can give the order and stop early, which a window
    count would prevent, so Django's count and LIMIT are the better pair.
    """

    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if self.orphans:
            raise ValueError("SearchPaginator does not merge orphans into the last page.")

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        try:  # Paginator.validate_number without the last page, which would need the count first
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        nearest_first = self.object_list.query.order_by[:1] == ("distance",)
        if not nearest_first or bottom > 2**62:  # past what OFFSET accepts
            return super().page(number)
        rows = list(
            self.object_list.prefetch_related(None)
            .annotate(search_total=Window(Count("pk")))
            .values_list("pk", "search_total")[bottom : bottom + self.per_page]
        )
        if not rows:
            if number == 1:
                self.count = 0  # an empty first page: nothing matches, no need to count
            return super().page(number)
        self.count = rows[0][1]  # sets the cached property, so Paginator asks no more
        return self._get_page(self.object_list.filter(pk__in=[pk for pk, _ in rows]), number, self)
