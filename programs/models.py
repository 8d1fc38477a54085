from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy, pgettext_lazy
from simple_history.models import HistoricalRecords

from programs.freshness import Confirmation, availability_cutoff, confirmed_text, day_text
from programs.vocabulary import Vocabulary

NOT_REPORTED = gettext_lazy("Not reported")

# The words of a range of a unit, by which of its ends are known: (one number, both ends, only the highest, only the
# lowest). "count" picks singular or plural; "number", "low" and "high" are the numbers as number_text writes them.
RANGE_WORDS = {
    "hour": (
        ngettext_lazy("%(number)s hour", "%(number)s hours", "count"),
        ngettext_lazy("%(low)s–%(high)s hour", "%(low)s–%(high)s hours", "count"),
        ngettext_lazy("up to %(number)s hour", "up to %(number)s hours", "count"),
        ngettext_lazy("at least %(number)s hour", "at least %(number)s hours", "count"),
    ),
    "day": (
        ngettext_lazy("%(number)s day", "%(number)s days", "count"),
        ngettext_lazy("%(low)s–%(high)s day", "%(low)s–%(high)s days", "count"),
        ngettext_lazy("up to %(number)s day", "up to %(number)s days", "count"),
        ngettext_lazy("at least %(number)s day", "at least %(number)s days", "count"),
    ),
    "week": (
        ngettext_lazy("%(number)s week", "%(number)s weeks", "count"),
        ngettext_lazy("%(low)s–%(high)s week", "%(low)s–%(high)s weeks", "count"),
        ngettext_lazy("up to %(number)s week", "up to %(number)s weeks", "count"),
        ngettext_lazy("at least %(number)s week", "at least %(number)s weeks", "count"),
    ),
}


def number_text(value) -> str:
    """9, 9.5: no trailing '.0' on whole numbers."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plural_count(value) -> int:
    """The count ngettext takes for a number that may have a fraction: 9.5 hours read plural, as 2 does."""
    return int(value) if value == int(value) else 2


def range_text(low, high, unit: str) -> str:
    """'9–12 hours', '5 days', 'at least 9 hours', or 'Not reported' when both ends are unknown."""
    if low is None and high is None:
        return NOT_REPORTED
    one, both, up_to, at_least = RANGE_WORDS[unit]
    count = plural_count(high if high is not None else low)
    if low is None:
        return up_to % {"count": count, "number": number_text(high)}
    if high is None:
        return at_least % {"count": count, "number": number_text(low)}
    if low == high:
        return one % {"count": count, "number": number_text(low)}
    return both % {"count": count, "low": number_text(low), "high": number_text(high)}


WAITLIST_WEEKS_MAX = 52
# How a report of a program's status reads ("reported Nov 3, 2026 by the program"), by to whom or where it was made
# ("" when not known): (while it is current, once it is too old).
REPORTED_BY = {
    Confirmation.DIRECTORY: (
        gettext_lazy("reported %(day)s in the national directory"),
        gettext_lazy("last reported %(day)s in the national directory"),
    ),
    Confirmation.PROGRAM: (
        gettext_lazy("reported %(day)s by the program"),
        gettext_lazy("last reported %(day)s by the program"),
    ),
    Confirmation.CURATOR: (
        gettext_lazy("reported %(day)s to our staff"),
        gettext_lazy("last reported %(day)s to our staff"),
    ),
    "": (gettext_lazy("reported %(day)s"), gettext_lazy("last reported %(day)s")),
}

# <field>_min/<field>_max pairs: (name in constraint names, lowest, highest). A week has 168 hours
# and 7 days; a program lasts at least a week.
RANGES = {
    "weekly_hours": ("hours", 0, 168),
    "days_per_week": ("days", 1, 7),
    "duration_weeks": ("weeks", 1, None),
}


def range_constraints(field: str, label: str, *, low: int, high: int | None = None) -> list[models.CheckConstraint]:
    """Database rules for a <field>_min/<field>_max pair: each end NULL or within bounds, and min ≤ max."""
    constraints = []
    for end in ("min", "max"):
        column = f"{field}_{end}"
        bounds = {f"{column}__gte": low} | ({f"{column}__lte": high} if high is not None else {})
        constraints.append(
            models.CheckConstraint(
                condition=Q(**{f"{column}__isnull": True}) | Q(**bounds), name=f"programs_program_{label}_{end}_range"
            )
        )
    constraints.append(
        models.CheckConstraint(
            condition=Q(**{f"{field}_min__isnull": True})
            | Q(**{f"{field}_max__isnull": True})
            | Q(**{f"{field}_min__lte": F(f"{field}_max")}),
            name=f"programs_program_{label}_min_le_max",
        )
    )
    return constraints


class Therapy(Vocabulary):
    class Category(models.TextChoices):
        INDIVIDUAL = "individual", gettext_lazy("Individual therapy")
        GROUP = "group", gettext_lazy("Group and family therapy")
        COMPLEMENTARY = "complementary", gettext_lazy("Complementary therapies")
        SUPPORT = "support", gettext_lazy("Skills and support")

    category = models.CharField(max_length=20, choices=Category)

    class Meta(Vocabulary.Meta):
        verbose_name_plural = "therapies"

    def get_absolute_url(self):
        return reverse("learn:therapies") + f"#{self.slug}"


@dataclass(frozen=True)
class ProgramCriteria:
    """What one program must offer; every condition set must hold for the same program. Empty: any program."""

    types: tuple[str, ...] = ()  # any of
    therapies: tuple[str, ...] = ()  # Therapy slugs, all of
    hours_min: Decimal | None = None  # the program's weekly hours reach at least this
    hours_max: Decimal | None = None  # the program's weekly hours start at no more than this
    days_max: int | None = None
    include_unreported: bool = False  # keep programs that have not reported the hours or days asked about
    schedule: tuple[str, ...] = ()  # "daytime", "evening", "weekend": any of
    telehealth: bool = False
    medication_management: bool = False
    detox: str = ""  # a Program.Detox value
    accepting: bool = False  # taking new patients, by a report no older than freshness.AVAILABILITY_DAYS

    def __bool__(self):
        return any(getattr(self, field.name) not in (None, False, "", ()) for field in fields(self))


ANY_PROGRAM = ProgramCriteria()


class ProgramQuerySet(models.QuerySet):
    def order_by_level(self):
        """IOP first, then PHP, then residential: the order the site explains them in."""
        level = models.Case(
            *(models.When(type=value, then=rank) for rank, value in enumerate(Program.Type.values)),
            default=len(Program.Type.values),
        )
        return self.order_by(level, "name", "pk")

    def meeting(self, criteria: ProgramCriteria):
        """Programs that meet every condition of the criteria."""
        programs = self
        if criteria.types:
            programs = programs.filter(type__in=criteria.types)
        for slug in criteria.therapies:
            programs = programs.offering_therapy(slug)
        programs = programs.with_weekly_hours(criteria.hours_min, criteria.hours_max, criteria.include_unreported)
        if criteria.days_max:
            programs = programs.on_at_most(criteria.days_max, criteria.include_unreported)
        if criteria.schedule:
            programs = programs.at_any_of(criteria.schedule)
        if criteria.telehealth:
            programs = programs.offering_telehealth()
        if criteria.medication_management:
            programs = programs.filter(medication_management=True)
        if criteria.detox:
            programs = programs.filter(detox=criteria.detox)
        if criteria.accepting:
            programs = programs.accepting_now()
        return programs

    def accepting_now(self, today=None):
        """Programs taking new patients by a report that is still current (programs.freshness)."""
        return self.filter(accepting=Program.Accepting.YES, accepting_as_of__gte=availability_cutoff(today))

    def availability_expired(self, today=None):
        """Programs whose report of taking patients, a waitlist or not taking them is too old to show as current."""
        reported = self.exclude(accepting=Program.Accepting.UNKNOWN)
        return reported.filter(Q(accepting_as_of__lt=availability_cutoff(today)) | Q(accepting_as_of__isnull=True))

    def offering_therapy(self, slug: str):
        """Programs that list the therapy, or whose facility says it uses it (the national directory reports
        treatment approaches per facility only: Facility.approaches)."""
        # The therapy's id found once (a subquery), not joined for each program: one index probe per program.
        therapy = Subquery(Therapy.objects.filter(slug=slug).values("pk"))
        own = Program.therapies.through.objects.filter(program=OuterRef("pk"), therapy=therapy)
        facility_wide = Therapy.facilities.through.objects.filter(facility=OuterRef("facility_id"), therapy=therapy)
        return self.filter(Exists(own) | Exists(facility_wide))

    def offering_telehealth(self):
        """Programs with sessions by video or phone: said of the program, or, when the program has not said, of
        its facility (the national directory reports telehealth per facility only)."""
        return self.filter(Q(telehealth=True) | Q(telehealth__isnull=True, facility__telehealth=True))

    def with_weekly_hours(self, minimum: Decimal | None, maximum: Decimal | None, include_unreported: bool = False):
        """The program's hours range overlaps the wanted one; a range reported at one end counts at that end."""
        if minimum is None and maximum is None:
            return self
        fits = Q()
        if minimum is not None:
            fits &= Q(weekly_hours_max__gte=minimum) | Q(weekly_hours_max__isnull=True, weekly_hours_min__gte=minimum)
        if maximum is not None:
            fits &= Q(weekly_hours_min__lte=maximum) | Q(weekly_hours_min__isnull=True, weekly_hours_max__lte=maximum)
        if include_unreported:
            fits |= Q(weekly_hours_min__isnull=True, weekly_hours_max__isnull=True)
        return self.filter(fits)

    def on_at_most(self, days: int, include_unreported: bool = False):
        """Programs a person can attend on at most `days` days a week."""
        fits = Q(days_per_week_min__lte=days) | Q(days_per_week_min__isnull=True, days_per_week_max__lte=days)
        if include_unreported:
            fits |= Q(days_per_week_min__isnull=True, days_per_week_max__isnull=True)
        return self.filter(fits)

    def at_any_of(self, times):
        """Programs with sessions at any of the given times ("daytime", "evening", "weekend")."""
        any_time = Q()
        for time in times:
            any_time |= Q(**{time: True})
        return self.filter(any_time)


class Program(models.Model):
    """One level of care offered at one facility."""

    class Type(models.TextChoices):
        IOP = "iop", gettext_lazy("Intensive outpatient (IOP)")
        PHP = "php", gettext_lazy("Partial hospitalization (PHP)")
        RESIDENTIAL = "residential", gettext_lazy("Residential")

    class Detox(models.TextChoices):
        NONE = "none", gettext_lazy("Not offered, no referral")
        REFERRAL = "referral", gettext_lazy("Staff refer to a detox facility")
        ONSITE = "onsite", gettext_lazy("Offered on site")
        REQUIRED_BEFORE = "required_before", gettext_lazy("Must be completed before admission")

    class Accepting(models.TextChoices):
        YES = "yes", gettext_lazy("Taking new patients")
        WAITLIST = "waitlist", gettext_lazy("Waitlist")
        NO = "no", gettext_lazy("Not taking new patients")
        UNKNOWN = "unknown", gettext_lazy("Not known")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.CASCADE, related_name="programs")
    type = models.CharField("program type", max_length=20, choices=Type)
    name = models.CharField(
        max_length=200, blank=True, help_text="The program's own name, if it has one (e.g. 'Evening IOP')."
    )
    weekly_hours_min = models.DecimalField(
        "weekly hours (min)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Fewest hours of treatment a week. Leave empty if not reported, never 0.",
    )
    weekly_hours_max = models.DecimalField(
        "weekly hours (max)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Most hours of treatment a week. Same as the minimum when it is one number.",
    )
    days_per_week_min = models.PositiveSmallIntegerField("days a week (min)", null=True, blank=True)
    days_per_week_max = models.PositiveSmallIntegerField("days a week (max)", null=True, blank=True)
    duration_weeks_min = models.PositiveSmallIntegerField(
        "length in weeks (min)", null=True, blank=True, help_text="Typical length of the program."
    )
    duration_weeks_max = models.PositiveSmallIntegerField("length in weeks (max)", null=True, blank=True)
    daytime = models.BooleanField("daytime sessions", null=True, blank=True)
    evening = models.BooleanField("evening sessions", null=True, blank=True)
    weekend = models.BooleanField("weekend sessions", null=True, blank=True)
    telehealth = models.BooleanField(null=True, blank=True, help_text="Sessions by video or phone are possible.")
    medication_management = models.BooleanField(
        null=True, blank=True, help_text="Staff prescribe or manage medication during the program."
    )
    detox = models.CharField(
        max_length=20, choices=Detox, blank=True, help_text="How withdrawal (detox) is handled. Empty: not reported."
    )
    therapies = models.ManyToManyField(Therapy, blank=True, related_name="programs")
    accepting = models.CharField("accepting new patients", max_length=10, choices=Accepting, default=Accepting.UNKNOWN)
    accepting_as_of = models.DateField(
        "reported on",
        null=True,
        blank=True,
        help_text="The day the program told us whether it is taking new patients. A report older than 30 days is "
        "shown as not known.",
    )
    waitlist_weeks = models.PositiveSmallIntegerField(
        "waitlist (weeks)", null=True, blank=True, help_text="With a waitlist: about how many weeks, if they said."
    )
    accepting_source = models.CharField("availability confirmed by", max_length=10, choices=Confirmation, blank=True)
    hours_as_of = models.DateField(
        "hours confirmed on",
        null=True,
        blank=True,
        help_text="The day the hours, days, session times and length were last confirmed.",
    )
    hours_source = models.CharField("hours confirmed by", max_length=10, choices=Confirmation, blank=True)
    notes = models.TextField(blank=True, help_text="Public notes, in plain language (e.g. 'Women-only groups').")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SESSION_TIMES = ("daytime", "evening", "weekend")  # the schedule flags above
    # Each session time as words in a list ("Evening, weekend").
    SESSION_WORDS = {
        "daytime": pgettext_lazy("session time", "daytime"),
        "evening": pgettext_lazy("session time", "evening"),
        "weekend": pgettext_lazy("session time", "weekend"),
    }
    # The facts `hours_as_of` / `hours_source` date: what a program reports as its hours.
    HOURS_FIELDS = (
        "weekly_hours_min",
        "weekly_hours_max",
        "days_per_week_min",
        "days_per_week_max",
        "duration_weeks_min",
        "duration_weeks_max",
        *SESSION_TIMES,
    )
    # The facts `accepting_as_of` / `accepting_source` date.
    AVAILABILITY_FIELDS = ("accepting", "waitlist_weeks")
    # The facts dated by <prefix>_as_of and <prefix>_source (programs.freshness.stamp).
    CONFIRMED = {"hours": HOURS_FIELDS, "accepting": AVAILABILITY_FIELDS}

    history = HistoricalRecords(m2m_fields=[therapies])

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["facility", "type"]
        indexes = [
            # The search's program-type filter (PostgreSQL scans it to find the programs of the chosen types).
            models.Index(fields=["type", "facility"], name="programs_program_type_facility"),
        ]
        constraints = [
            *(
                constraint
                for field, (label, low, high) in RANGES.items()
                for constraint in range_constraints(field, label, low=low, high=high)
            ),
            models.CheckConstraint(
                condition=Q(type__in=["iop", "php", "residential"]),
                name="programs_program_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(waitlist_weeks__isnull=True)
                | Q(waitlist_weeks__gte=1, waitlist_weeks__lte=WAITLIST_WEEKS_MAX),
                name="programs_program_waitlist_weeks_range",
            ),
        ]

    def __str__(self):
        label = self.name or self.get_type_display()
        return f"{label} at {self.facility.name}" if self.facility_id else label

    def get_absolute_url(self):
        return reverse("facilities:detail", args=[self.facility.slug]) + f"#program-{self.pk}"

    def clean(self):
        """The range constraints as form messages, checked without a query (bulk imports validate many rows)."""
        errors = {}
        for field, (_label, low, high) in RANGES.items():
            lowest, highest = getattr(self, f"{field}_min"), getattr(self, f"{field}_max")
            for name, value in ((f"{field}_min", lowest), (f"{field}_max", highest)):
                if value is not None and (value < low or (high is not None and value > high)):
                    errors[name] = (
                        _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high}
                        if high is not None
                        else _("Must be at least %(low)s.") % {"low": low}
                    )
            if lowest is not None and highest is not None and lowest > highest and f"{field}_max" not in errors:
                errors[f"{field}_max"] = _("Must not be less than the minimum.")
        if errors:
            raise ValidationError(errors)

    @property
    def hours_text(self) -> str:
        text = range_text(self.weekly_hours_min, self.weekly_hours_max, "hour")
        return text if text == NOT_REPORTED else _("%(range)s a week") % {"range": text}

    @property
    def days_text(self) -> str:
        text = range_text(self.days_per_week_min, self.days_per_week_max, "day")
        return text if text == NOT_REPORTED else _("%(range)s a week") % {"range": text}

    @property
    def duration_text(self) -> str:
        return range_text(self.duration_weeks_min, self.duration_weeks_max, "week")

    @property
    def schedule_text(self) -> str:
        if not self.schedule_reported:
            return NOT_REPORTED
        text = ", ".join(str(self.SESSION_WORDS[name]) for name in self.schedule)
        return text[:1].upper() + text[1:] or _("None listed")

    @property
    def schedule(self) -> list[str]:
        """The session times offered, e.g. ['daytime', 'evening']."""
        return [name for name in self.SESSION_TIMES if getattr(self, name)]

    @property
    def schedule_reported(self) -> bool:
        return any(getattr(self, name) is not None for name in self.SESSION_TIMES)

    @property
    def availability_is_current(self) -> bool:
        """A report of taking patients, a waitlist or not taking them, no older than AVAILABILITY_DAYS."""
        return (
            self.accepting != self.Accepting.UNKNOWN
            and self.accepting_as_of is not None
            and self.accepting_as_of >= availability_cutoff()
        )

    @property
    def availability(self) -> str:
        """What a person reads: the current status ("Waitlist about 2 weeks"), or "Not known" once it is old."""
        return self.reported_status if self.availability_is_current else self.Accepting.UNKNOWN.label

    @property
    def reported_status(self) -> str:
        """The status as reported, however old: "Waitlist about 2 weeks", "Taking new patients"."""
        if self.accepting == self.Accepting.WAITLIST and self.waitlist_weeks:
            weeks = self.waitlist_weeks
            return ngettext("Waitlist about %(weeks)d week", "Waitlist about %(weeks)d weeks", weeks) % {"weeks": weeks}
        return self.get_accepting_display()

    @property
    def availability_status(self) -> str:
        """The current Accepting value: "unknown" once the report is old (what the API and the filter use)."""
        return self.accepting if self.availability_is_current else self.Accepting.UNKNOWN

    @property
    def availability_note(self) -> str:
        """When the status was reported, and to whom: "reported Nov 3, 2026 by the program", "last reported …", or
        "" when it never was."""
        if self.accepting_as_of is None:
            return ""
        current, too_old = REPORTED_BY[self.accepting_source]
        words = current if self.availability_is_current else too_old
        return words % {"day": day_text(self.accepting_as_of)}

    @property
    def availability_text(self) -> str:
        """The whole line a person reads: "Waitlist about 2 weeks (reported Nov 3, 2026 by the program)",
        "Not known — last reported Oct 1, 2026", or "Not known"."""
        note = self.availability_note
        if not note:
            return self.availability
        if self.availability_is_current:
            return _("%(status)s (%(note)s)") % {"status": self.availability, "note": note}
        return _("%(status)s — %(note)s") % {"status": self.availability, "note": note}

    @property
    def hours_confirmed(self) -> str:
        """When and how the hours were last confirmed, or ''."""
        return confirmed_text(self.hours_as_of, self.hours_source)
