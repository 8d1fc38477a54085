from datetime import timedelta

from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

import geo.geocoder
from facilities import geocoding
from facilities.duplicates import duplicates_of, possible_duplicate_ids
from facilities.history import (
    OneEntryPerSave,
    ReadableHistory,
    changes_in_the_same_save,
    record_history,
    save_with_history,
)
from facilities.models import (
    Accreditation,
    AgeGroup,
    Eligibility,
    Facility,
    Language,
    Medication,
    PaymentOption,
    Population,
    SupportService,
)
from geo.states import US_STATES
from programs.admin import ADMIN_CSS, CHECKBOX_GRID, DatesCuratorEdits, LevelHelpText, ProgramAdmin, VocabularyAdmin
from programs.models import Program

# "Within 6 months" is measured in days so the boundary does not move with month lengths.
SIX_MONTHS = timedelta(days=183)
TWELVE_MONTHS = timedelta(days=365)
# The list's narrow "Programs" column: the abbreviations curators use.
SHORT_TYPES = {Program.Type.IOP: "IOP", Program.Type.PHP: "PHP", Program.Type.RESIDENTIAL: "Residential"}


class StateFilter(admin.SimpleListFilter):
    """The states that have listings, by name (not every state and territory the field allows)."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        names = dict(US_STATES)
        codes = Facility.objects.order_by("state").values_list("state", flat=True).distinct()  # on an index
        return sorted(((code, names.get(code, code)) for code in codes), key=lambda lookup: lookup[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(state=self.value())
        return queryset


class VerifiedFilter(admin.SimpleListFilter):
    title = "verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [
            ("recent", "Within 6 months"),
            ("6-12", "6–12 months ago"),
            ("older", "Over 12 months ago"),
            ("never", "Never"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "recent":
            return queryset.filter(verified_on__gte=today - SIX_MONTHS)
        if self.value() == "6-12":
            return queryset.filter(verified_on__lt=today - SIX_MONTHS, verified_on__gte=today - TWELVE_MONTHS)
        if self.value() == "older":
            return queryset.filter(verified_on__lt=today - TWELVE_MONTHS)
        if self.value() == "never":
            return queryset.filter(verified_on__isnull=True)
        return queryset


class ProgramTypeFilter(admin.SimpleListFilter):
    title = "program type"
    parameter_name = "program_type"

    def lookups(self, request, model_admin):
        return Program.Type.choices

    def queryset(self, request, queryset):
        if self.value() in Program.Type.values:
            return queryset.filter(programs__type=self.value()).distinct()
        return queryset


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = "possible duplicates"
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", "Yes")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            # Grouped over every facility, not only those the other filters keep: the twin of a
            # published listing may be unpublished or from another source.
            return queryset.filter(pk__in=possible_duplicate_ids(Facility.objects.all()))
        return queryset


class ProgramInline(LevelHelpText, admin.StackedInline):
    model = Program
    extra = 0
    show_change_link = True
    formfield_overrides = CHECKBOX_GRID
    fieldsets = [
        (None, {"fields": [("type", "name")]}),
        (
            "New patients",
            {"fields": [("accepting", "waitlist_weeks"), ("accepting_as_of", "accepting_source")]},
        ),
        (
            "Intensity and schedule",
            {
                "fields": [
                    ("weekly_hours_min", "weekly_hours_max"),
                    ("days_per_week_min", "days_per_week_max"),
                    ("duration_weeks_min", "duration_weeks_max"),
                    ("daytime", "evening", "weekend"),
                    ("hours_as_of", "hours_source"),
                ]
            },
        ),
        ("Care", {"fields": [("telehealth", "medication_management", "detox"), "therapies", "notes"]}),
    ]


@admin.register(Facility)
class FacilityAdmin(DatesCuratorEdits, OneEntryPerSave, ReadableHistory, SimpleHistoryAdmin):
    inlines = [ProgramInline]
    list_display = ["name", "place", "program_type_list", "verified", "is_published"]
    list_filter = [
        StateFilter,
        ProgramTypeFilter,
        "is_published",
        VerifiedFilter,
        "verification_overdue",
        "source",
        PossibleDuplicateFilter,
    ]
    search_fields = ["name", "city", "zip_code", "phone", "intake_phone"]
    search_help_text = "Search by name, city, ZIP code or phone number."
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at", "view_on_site_link", "possible_duplicates"]
    actions = ["mark_verified_today", "publish", "unpublish", "geocode_street_addresses"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}, **CHECKBOX_GRID}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "unit_name",
                    "slug",
                    "is_published",
                    "verified_on",
                    "view_on_site_link",
                    "possible_duplicates",
                ]
            },
        ),
        ("Contact", {"fields": ["phone", "intake_phone", ("phone_as_of", "phone_source"), "website"]}),
        (
            "Location",
            {
                "fields": [
                    "street1",
                    "street2",
                    ("city", "state", "zip_code"),
                    ("latitude", "longitude"),
                    "location_precision",
                ]
            },
        ),
        ("Services", {"fields": ["operator", ("detox_onsite", "co_occurring", "telehealth")], "classes": ["collapse"]}),
        ("Who it serves and what it offers", {"fields": Facility.VOCABULARY_FIELDS, "classes": ["collapse"]}),
        ("Source", {"fields": ["source", "source_id", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        css = ADMIN_CSS

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("programs")

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each entry of the History page with what it changed, and what the same save changed on the programs."""
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        changes_in_the_same_save(list(historical_records), Program, "facility", label=program_label)

    @admin.display(description="City", ordering="city")
    def place(self, obj):
        return f"{obj.city}, {obj.state}"

    @admin.display(description="Programs")
    def program_type_list(self, obj):
        types = {program.type for program in obj.programs.all()}
        return ", ".join(short for value, short in SHORT_TYPES.items() if value in types) or "—"

    @admin.display(description="Verified", ordering="verified_on", empty_value="Never")
    def verified(self, obj):
        return obj.verified_on

    @admin.display(description="Public page")
    def view_on_site_link(self, obj):
        if not obj.pk or not obj.is_published:
            return "Not public"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    @admin.display(description="Possible duplicates")
    def possible_duplicates(self, obj):
        duplicates = duplicates_of(obj) if obj.pk else []
        if not duplicates:
            return "None"
        rows = (
            (
                reverse(f"{self.admin_site.name}:facilities_facility_change", args=[duplicate.pk]),
                duplicate.name,
                duplicate.city,
                duplicate.get_source_display(),
                "published" if duplicate.is_published else "not published",
            )
            for duplicate in duplicates
        )
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a> ({}, {}, {})</li>', rows))

    def _update_with_history(self, request, queryset, reason: str, **values) -> int:
        facilities = list(queryset)
        for facility in facilities:
            for field, value in values.items():
                setattr(facility, field, value)
        saved = save_with_history(facilities, Facility, values, user=request.user, reason=reason)
        if "is_published" in values:  # which listing of a place is shown first may change
            Facility.objects.mark_first_listings({facility.place_key for facility in facilities})
        return saved

    @admin.action(description="Mark selected facilities verified today", permissions=["change"])
    def mark_verified_today(self, request, queryset):
        count = self._update_with_history(
            request, queryset, "Marked verified", verified_on=timezone.localdate(), verification_overdue=False
        )
        self.message_user(request, f"Marked {count} verified today.", messages.SUCCESS)

    @admin.action(description="Publish selected facilities", permissions=["change"])
    def publish(self, request, queryset):
        count = self._update_with_history(request, queryset, "Published", is_published=True)
        self.message_user(request, f"Published {count}.", messages.SUCCESS)

    @admin.action(description="Unpublish selected facilities (hide, keep the record)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = self._update_with_history(request, queryset, "Unpublished", is_published=False)
        self.message_user(request, f"Unpublished {count}.", messages.SUCCESS)

    @admin.action(description="Geocode selected facilities (street address)", permissions=["change"])
    def geocode_street_addresses(self, request, queryset):
        """Ask the configured geocoder for the selected facilities that lack street-level coordinates.

        The request waits for the answers, at most one a second (Nominatim's limit): fine for the handful a
        curator selects; the geocode_facilities command is for more.
        """
        geocoder = geo.geocoder.configured_geocoder()
        if geocoder is None:
            self.message_user(
                request,
                "No geocoder is configured, so nothing was changed. See GEOCODER in .env.example.",
                messages.ERROR,
            )
            return
        needing = list(queryset.needing_geocoding())
        summary = geocoding.geocode_facilities(needing, geocoder=geocoder, user=request.user)
        for facility, problem in summary.problems:
            self.message_user(request, f"{facility}: {problem}", messages.WARNING)
        message = f"{summary}."
        if already_located := queryset.count() - len(needing):
            message += f" Left alone {already_located} that already had street-level coordinates."
        self.message_user(request, message, messages.WARNING if summary.problems else messages.SUCCESS)


for vocabulary in (
    PaymentOption,
    Language,
    Population,
    Eligibility,
    AgeGroup,
    SupportService,
    Medication,
    Accreditation,
):
    admin.site.register(vocabulary, VocabularyAdmin)

admin.site.site_header = "IOP Finder curators"
admin.site.site_title = "IOP Finder admin"
admin.site.index_title = "Listings and vocabularies"


# The program admin (programs/admin.py) with complete history: one entry per save, its therapies included, and
# "revert" restoring them. Re-registered here because the history tools live in this app.
admin.site.unregister(Program)


@admin.register(Program)
class ProgramAdminWithHistory(OneEntryPerSave, ReadableHistory, ProgramAdmin):
    """A program saved or deleted on its own page is also an entry of its facility's History (the facility as it is,
    of the same save), so that the facility's history lists every change to its programs."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_history([form.instance.facility], Facility, user=request.user, when=request.history_date)

    def delete_model(self, request, obj):
        facility, obj._history_date = obj.facility, timezone.now()  # simple-history's entry of the deletion
        super().delete_model(request, obj)
        record_history([facility], Facility, user=request.user, when=obj._history_date)


def program_label(entry) -> str:
    """A program in its facility's history: its name, or its level of care."""
    return entry.name or entry.get_type_display()
