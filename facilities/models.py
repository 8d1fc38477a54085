from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from facilities import data_version
from facilities.duplicates import place_key
from geo.distance import GreatCircleMiles, bounding_box
from geo.places import LATITUDES, LONGITUDES
from geo.states import US_STATES
from programs.freshness import Confirmation, confirmed_text, day_text
from programs.models import ANY_PROGRAM, Program, ProgramCriteria, Therapy
from programs.vocabulary import Vocabulary

# The national directory edition the importer reads (data/, `make run`). Its facts come from the survey a
# year before publication; say which, because a person deciding where to call needs to know how old they are.
DIRECTORY_EDITION = gettext_lazy("SAMHSA's National Directory 2023 (a 2022 survey)")


class PaymentOption(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "payment option"


class Language(Vocabulary):
    class Meta(Vocabulary.Meta):
        pass


class Population(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "population served"
        verbose_name_plural = "populations served"


class Eligibility(Vocabulary):
    """Who a facility takes or turns away: "Women only", "Accepts people on medication prescribed elsewhere"."""

    class Meta(Vocabulary.Meta):
        verbose_name = "who is served"
        verbose_name_plural = "who is served"


class AgeGroup(Vocabulary):
    """The ages a facility accepts (not the same as having a program for that age: see Population)."""

    class Meta(Vocabulary.Meta):
        verbose_name = "age group accepted"
        verbose_name_plural = "age groups accepted"


class SupportService(Vocabulary):
    """Help beside treatment: transportation, child care, housing, …"""

    class Meta(Vocabulary.Meta):
        verbose_name = "support service"


class Medication(Vocabulary):
    class Meta(Vocabulary.Meta):
        pass


class Accreditation(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "license or accreditation"
        verbose_name_plural = "licenses and accreditations"


class FacilityQuerySet(models.QuerySet):
    """The search's rules, one chainable method each (search.query.Search puts them together).

    A place is anything with `latitude` and `longitude` (a geo.places.Place, a Facility).
    """

    def published(self):
        return self.filter(is_published=True)

    def mark_first_listings(self, keys=None):
        """Set `listed_first` and `place_shared` for the listings of these place keys (every listing when None):
        whether no published listing of the same place has a smaller id, and whether any other has the place. Four
        UPDATEs; call it after a name, street, ZIP or publication changes, or a listing is added or deleted."""
        listings = self if keys is None else self.filter(place_key__in=keys)
        same_place = Facility.objects.published().exclude(place_key="").filter(place_key=OuterRef("place_key"))
        earlier = Exists(same_place.filter(pk__lt=OuterRef("pk")))
        listings.filter(earlier, listed_first=True).update(listed_first=False)
        listings.filter(~earlier, listed_first=False).update(listed_first=True)
        other = Exists(same_place.exclude(pk=OuterRef("pk")))
        listings.filter(other, place_shared=False).update(place_shared=True)
        listings.filter(~other, place_shared=True).update(place_shared=False)
        data_version.bump()  # which listing a place shows first is on the pages

    def verified_within_months(self, months: int, today=None):
        """Facilities our staff verified (or whose program reported) in the last `months` months."""
        today = today or timezone.localdate()
        return self.filter(verified_on__gte=today - timedelta(days=round(months * 365 / 12)))

    def needing_geocoding(self):
        """Facilities without coordinates or with only their ZIP area's: what the geocoder can improve."""
        return self.filter(Q(latitude__isnull=True) | Q(location_precision=Facility.LocationPrecision.ZIP))

    def near(self, place, miles: float):
        """Facilities within `miles` of a place, annotated with `distance` (miles, great-circle).

        An indexed bounding box narrows the rows first; the exact distance is computed in SQL.
        """
        (south, north), longitude_ranges = bounding_box(place.latitude, place.longitude, miles)
        west_east = Q()
        for west, east in longitude_ranges:
            west_east |= Q(longitude__gte=west, longitude__lte=east)
        return (
            self.filter(west_east, latitude__gte=south, latitude__lte=north)
            .annotate(distance=GreatCircleMiles(place.latitude, place.longitude))
            .filter(distance__lte=miles)
        )

    def with_distance(self, place):
        """Every located facility with its `distance` from a place, however far (no prefilter)."""
        return self.filter(latitude__isnull=False).annotate(distance=GreatCircleMiles(place.latitude, place.longitude))

    def treating_co_occurring(self):
        return self.filter(co_occurring=True)

    def named_like(self, text: str):
        return self.filter(name__icontains=text)

    def with_any(self, field_name: str, slugs):
        """Facilities with any of the given entries of one of their lists (VOCABULARY_FIELDS), e.g. payment."""
        field = Facility._meta.get_field(field_name)
        through, target = field.remote_field.through, field.m2m_reverse_field_name()
        return self.filter(Exists(through.objects.filter(facility=OuterRef("pk"), **{f"{target}__slug__in": slugs})))

    def offering(self, criteria: ProgramCriteria):
        """Facilities with at least one program that meets every condition of the criteria."""
        if not criteria:
            return self
        return self.filter(Exists(Program.objects.meeting(criteria).filter(facility=OuterRef("pk"))))

    def with_matching_programs(self, criteria: ProgramCriteria = ANY_PROGRAM):
        """Each facility's programs that meet the criteria, as `matched_programs`, in level order: one extra query
        however many there are. What a result shows of them (therapies, who it serves) is loaded by its reader, which
        may not need it (search/fragments.py: a kept card)."""
        programs = Program.objects.meeting(criteria).order_by_level()
        return self.prefetch_related(Prefetch("programs", queryset=programs, to_attr="matched_programs"))

    def ordered(self, sort: str, place=None, criteria: ProgramCriteria = ANY_PROGRAM):
        """In the order a person asked for: "distance" (nearest first; by name without a place), "name", or
        "hours" (the fewest weekly hours of a program meeting the criteria first, unreported last)."""
        if sort == "hours":
            lightest = Program.objects.meeting(criteria).filter(facility=OuterRef("pk"), weekly_hours_min__isnull=False)
            hours = Subquery(lightest.order_by("weekly_hours_min").values("weekly_hours_min")[:1])
            by_distance = ["distance"] if place else []
            return self.annotate(hours=hours).order_by(F("hours").asc(nulls_last=True), *by_distance, "name", "pk")
        if sort == "distance" and place:
            return self.order_by("distance", "name", "pk")
        return self.order_by("name", "pk")

    def with_programs(self):
        """Programs in level order with their therapies: two extra queries however many there are."""
        return self.prefetch_related(
            Prefetch("programs", queryset=Program.objects.order_by_level().prefetch_related("therapies"))
        )

    def with_details(self):
        """Everything a facility page shows, in a fixed number of queries."""
        return self.with_programs().prefetch_related(*Facility.VOCABULARY_FIELDS)


class Facility(models.Model):
    class Operator(models.TextChoices):
        PRIVATE_NONPROFIT = "private_nonprofit", gettext_lazy("Private non-profit")
        PRIVATE_FOR_PROFIT = "private_for_profit", gettext_lazy("Private for-profit")
        LOCAL_GOVERNMENT = "local_government", gettext_lazy("Local, county or community government")
        STATE_GOVERNMENT = "state_government", gettext_lazy("State government")
        FEDERAL_GOVERNMENT = "federal_government", gettext_lazy("Federal government")
        TRIBAL = "tribal", gettext_lazy("Tribal government")
        INDIAN_HEALTH_SERVICE = "ihs", gettext_lazy("Indian Health Service")
        VA = "va", gettext_lazy("U.S. Department of Veterans Affairs")
        MILITARY = "dod", gettext_lazy("Department of Defense")

    class LocationPrecision(models.TextChoices):
        ADDRESS = "address", "Street address"
        ZIP = "zip", "ZIP code area (approximate)"

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by a curator"
        SAMHSA = "samhsa", "SAMHSA national directory"
        CSV = "csv", "CSV import"
        DEMO = "demo", "Fictional demo data"

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=220,
        unique=True,
        blank=True,
        help_text="Part of the public address of this listing. Filled from the name when left empty.",
    )
    unit_name = models.CharField(
        "unit or second name line",
        max_length=300,
        blank=True,
        help_text="The directory's second name line: a unit or department, or the rest of a long name.",
    )
    street1 = models.CharField("street address", max_length=200, blank=True)
    street2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=US_STATES)
    zip_code = models.CharField("ZIP code", max_length=10, help_text="5-digit ZIP or ZIP+4.")
    latitude = models.FloatField(null=True, blank=True, help_text="Decimal degrees, e.g. 33.7490.")
    longitude = models.FloatField(null=True, blank=True, help_text="Decimal degrees, e.g. -84.3880.")
    location_precision = models.CharField(
        max_length=10,
        choices=LocationPrecision,
        blank=True,
        help_text="How exact the coordinates are. ZIP-level locations are shown as approximate.",
    )
    phone = models.CharField(max_length=30, blank=True, help_text="The main number, as people should dial it.")
    intake_phone = models.CharField(
        max_length=30,
        blank=True,
        help_text="The number that reaches intake directly, if different from the main line.",
    )
    phone_as_of = models.DateField(
        "phones confirmed on", null=True, blank=True, help_text="The day the phone numbers were last confirmed."
    )
    phone_source = models.CharField("phones confirmed by", max_length=10, choices=Confirmation, blank=True)
    website = models.URLField(blank=True, help_text="The facility's own site. Never a directory or call center.")
    operator = models.CharField(
        max_length=30, choices=Operator, blank=True, help_text="Who runs the facility. Leave empty if not reported."
    )
    payment_options = models.ManyToManyField(PaymentOption, blank=True, related_name="facilities")
    languages = models.ManyToManyField(
        Language, blank=True, related_name="facilities", help_text="Languages other than English that staff offer."
    )
    populations = models.ManyToManyField(
        Population,
        blank=True,
        related_name="facilities",
        help_text="Groups the facility serves or has special programs for.",
    )
    eligibility = models.ManyToManyField(
        Eligibility,
        blank=True,
        related_name="facilities",
        verbose_name="who is served",
        help_text="Who the facility takes only, or does not take: e.g. women only, no opioid use disorder.",
    )
    ages = models.ManyToManyField(
        AgeGroup, blank=True, related_name="facilities", verbose_name="ages accepted", help_text="Ages accepted."
    )
    approaches = models.ManyToManyField(
        Therapy,
        blank=True,
        related_name="facilities",
        verbose_name="treatment approaches",
        help_text="Therapies and approaches the facility as a whole says it uses (the national directory says so "
        "per facility, not per program). A program's own list is on the program.",
    )
    services = models.ManyToManyField(
        SupportService,
        blank=True,
        related_name="facilities",
        verbose_name="support services",
        help_text="Help beside treatment, such as transportation or child care.",
    )
    medications = models.ManyToManyField(
        Medication,
        blank=True,
        related_name="facilities",
        help_text="Medications used in treatment (for opioid or alcohol use disorder).",
    )
    accreditations = models.ManyToManyField(Accreditation, blank=True, related_name="facilities")
    detox_onsite = models.BooleanField(
        "detox on site", null=True, blank=True, help_text="Medical withdrawal (detox) offered here. Unknown if empty."
    )
    co_occurring = models.BooleanField(
        "treats co-occurring disorders",
        null=True,
        blank=True,
        help_text="Treats substance use together with mental illness. Unknown if empty.",
    )
    telehealth = models.BooleanField(
        null=True, blank=True, help_text="Offers therapy by video or phone. Unknown if empty."
    )
    place_key = models.CharField(
        max_length=420,
        default="",
        editable=False,
        db_index=True,
        help_text="Normalised name, street and ZIP: listings with the same key are the same place.",
    )
    listed_first = models.BooleanField(
        default=True,
        editable=False,
        help_text="No published listing of the same place has a smaller id (FacilityQuerySet.mark_first_listings).",
    )
    place_shared = models.BooleanField(
        default=False,
        editable=False,
        help_text="Another published listing has the same place (FacilityQuerySet.mark_first_listings): a result "
        "looks for the other listings of its place only when this is set.",
    )
    is_published = models.BooleanField(
        "published", default=True, help_text="Unpublished listings are hidden from the public but kept here."
    )
    verified_on = models.DateField(
        null=True, blank=True, help_text="The day a curator last confirmed this listing with the facility."
    )
    verification_overdue = models.BooleanField(
        "verification overdue",
        default=False,
        editable=False,
        help_text="Not verified for 12 months: set by the daily upkeep task.",
    )
    source = models.CharField(max_length=10, choices=Source, default=Source.MANUAL)
    source_id = models.CharField(
        max_length=100, blank=True, help_text="The record's key in its source, used to match later imports."
    )
    source_values = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the source said at the last import; tells a curator's edits from the source's changes.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The facts dated by <prefix>_as_of and <prefix>_source (programs.freshness.stamp).
    CONFIRMED = {"phone": ("phone", "intake_phone")}

    # The facility's lists, in the order forms and files show them.
    VOCABULARY_FIELDS = [
        "payment_options",
        "languages",
        "eligibility",
        "ages",
        "populations",
        "approaches",
        "services",
        "medications",
        "accreditations",
    ]

    history = HistoricalRecords(
        m2m_fields=[
            payment_options,
            languages,
            eligibility,
            ages,
            populations,
            approaches,
            services,
            medications,
            accreditations,
        ],
        excluded_fields=["source_values", "place_key", "listed_first", "place_shared"],
    )

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "facilities"
        ordering = ["name"]
        indexes = [
            # The bounding-box prefilter of a radius search. Published only, with name and id, so a page's ids,
            # distances, order and count come from the index alone (search.paginator.SearchPaginator).
            # listed_first and place_key ride along so that "a place listed twice shows once" (search.query) reads
            # them from the index too: the subquery runs only for the few listings that are not their place's first;
            # place_shared, so that a page learns which of its listings share their place (search.query.Search.hits).
            models.Index(
                fields=["latitude", "longitude", "name", "id", "listed_first", "place_key", "place_shared"],
                condition=Q(is_published=True),
                name="facilities_facility_lat_lng",
            ),
            # The search without a place: published facilities by name.
            models.Index(
                fields=["name", "id", "listed_first", "place_key", "place_shared"],
                condition=Q(is_published=True),
                name="facilities_facility_name",
            ),
            # Admin's state filter and state listings.
            models.Index(fields=["state", "city"], name="facilities_facility_state_city"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=LATITUDES[0], latitude__lte=LATITUDES[1]),
                name="facilities_facility_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=LONGITUDES[0], longitude__lte=LONGITUDES[1]),
                name="facilities_facility_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="facilities_facility_coordinates_together",
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="facilities_facility_unique_source_id",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city}, {self.state})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        old_key, self.place_key = self.place_key, self.same_place_key()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "place_key"}
        super().save(*args, **kwargs)
        # Its place's first listing may change whenever it is saved: published or not, moved, added.
        Facility.objects.mark_first_listings({old_key, self.place_key} - {""})

    def get_absolute_url(self):
        return reverse("facilities:detail", args=[self.slug])

    def clean(self):
        """The coordinate constraints as form messages, checked without a query."""
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")
        for name, (lowest, highest) in (("latitude", LATITUDES), ("longitude", LONGITUDES)):
            value = getattr(self, name)
            if value is not None and not lowest <= value <= highest:
                raise ValidationError({name: f"Must be between {lowest} and {highest}."})

    def unique_slug(self, taken: set[str] | None = None) -> str:
        """A slug from name, city and state, numbered when taken.

        With `taken` (the slugs in use, for bulk imports) no query runs and the new slug is added to
        it; without, one query runs per candidate.
        """
        base = slugify(f"{self.name} {self.city} {self.state}")[:200] or "facility"
        candidate, number = base, 1
        while (
            candidate in taken
            if taken is not None
            else Facility.objects.filter(slug=candidate).exclude(pk=self.pk).exists()
        ):
            number += 1
            candidate = f"{base}-{number}"
        if taken is not None:
            taken.add(candidate)
        return candidate

    def same_place_key(self) -> str:
        """Listings with the same key are the same place (facilities.duplicates)."""
        return place_key(self.name, self.street1, self.zip_code)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_approximate(self) -> bool:
        return self.location_precision == self.LocationPrecision.ZIP

    @property
    def is_demo(self) -> bool:
        return self.source == self.Source.DEMO

    @property
    def provenance(self) -> str:
        """Where the listing's facts come from and how old they are, as a person reads it on every listing."""
        if self.verified_on:
            return _("Last verified with the facility on %(day)s.") % {"day": day_text(self.verified_on)}
        if self.source == self.Source.SAMHSA:
            return _("From %(edition)s. Not yet verified by our staff.") % {"edition": DIRECTORY_EDITION}
        if self.source == self.Source.DEMO:
            return _("Fictional demo listing. Not a real facility.")
        return _("Added by our staff. Not yet verified with the facility.")

    @property
    def phone_confirmation(self) -> tuple:
        """(day, way) the phone numbers were last confirmed; an imported number nobody has confirmed since is the
        directory's, undated (an edit in admin or a program's report dates it: programs.freshness.stamp)."""
        if not (self.phone_as_of or self.phone_source) and self.source == self.Source.SAMHSA:
            return None, Confirmation.DIRECTORY
        return self.phone_as_of, self.phone_source

    @property
    def phone_confirmed(self) -> str:
        """The same in words, or ''."""
        day, how = self.phone_confirmation
        if how == Confirmation.DIRECTORY and day is None:
            return _("From %(edition)s") % {"edition": DIRECTORY_EDITION}
        return confirmed_text(day, how)

    @property
    def address_line(self) -> str:
        street = ", ".join(part for part in (self.street1, self.street2) if part)
        place = f"{self.city}, {self.state} {self.zip_code}".strip()
        return f"{street}, {place}" if street else place

    def program_types(self) -> list[str]:
        """Labels of the program types offered. Queries programs unless prefetched."""
        types = {program.type for program in self.programs.all()}
        return [label for value, label in Program.Type.choices if value in types]


class ListingDemand(models.Model):
    """How often one listing was shown in search results and opened, on one day (facilities/demand.py writes it in
    batches). Never the query, the place searched, a client or a time of day: only these counts."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="demand")
    day = models.DateField()
    shown = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "listing demand"
        constraints = [models.UniqueConstraint(fields=["facility", "day"], name="facilities_listingdemand_one_a_day")]
        indexes = [models.Index(fields=["day"], name="facilities_listingdemand_day")]

    def __str__(self):
        return f"{self.facility_id} on {self.day}: shown {self.shown}, opened {self.opened}"
