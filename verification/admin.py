"""The verification queue in admin: published listings, most looked-at and stalest first, each with what waits for
it and a "Verified by phone today" form; and the record of those calls."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from facilities.models import Facility
from updates.models import ProposedUpdate
from verification.forms import VerifyForm
from verification.models import QueuedListing, Verification
from verification.queue import DEMAND_DAYS, OPEN_CORRECTIONS, ORDER, verification_queue
from verification.verify import record_phone_verification

# Writing the listing and its programs: what a curator may do in their own admins.
VERIFY_PERMISSIONS = ("facilities.change_facility", "programs.change_program")


def _listing_link(facility):
    """The listing's name, city and state, linked to its admin page."""
    url = reverse("admin:facilities_facility_change", args=[facility.pk])
    return format_html('<a href="{}">{}</a> ({}, {})', url, facility.name, facility.city, facility.state)


def _count_link(count: int, url: str | None):
    if not count or url is None:
        return count
    return format_html('<a href="{}">{}</a>', url, count)


def _changelist_url(name: str, **filters) -> str | None:
    """The admin list of another model, filtered; None while that model has no admin."""
    try:
        url = reverse(f"admin:{name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(filters, safe=',')}"


def _corrections_url(facility_id: int) -> str | None:
    """The corrections inbox showing this listing's open corrections."""
    open_statuses = ",".join(OPEN_CORRECTIONS)
    return _changelist_url("corrections_correction", facility__id__exact=facility_id, status__in=open_statuses)


def _updates_url(facility_id: int) -> str | None:
    """The updates programs sent for this listing that wait for a curator."""
    pending = ProposedUpdate.Status.PENDING
    return _changelist_url("updates_proposedupdate", facility__id__exact=facility_id, status__exact=pending)


@admin.register(QueuedListing)
class QueuedListingAdmin(admin.ModelAdmin):
    list_display = [
        "listing",
        "phone",
        "shown",
        "opened",
        "last_verified",
        "overdue",
        "corrections",
        "updates",
        "verify_link",
    ]
    list_display_links = None
    list_filter = ["verification_overdue", "state"]
    search_fields = ["name", "city", "phone", "intake_phone"]
    ordering = ORDER
    list_per_page = 50
    show_full_result_count = False  # one count per page, not two
    actions = None

    def get_queryset(self, request):
        return verification_queue(super().get_queryset(request))

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Listings to verify", **(extra_context or {})})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the listing is edited in its own admin; the call is recorded by verify_view

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        verify = self.admin_site.admin_view(self.verify_view)
        return [
            path("<int:facility_id>/verify/", verify, name="verification_queuedlisting_verify"),
            *super().get_urls(),
        ]

    @admin.display(description="Listing", ordering="name")
    def listing(self, obj):
        return _listing_link(obj)

    @admin.display(description=f"Shown ({DEMAND_DAYS} days)", ordering="-recent_shown")
    def shown(self, obj):
        return obj.recent_shown

    @admin.display(description=f"Opened ({DEMAND_DAYS} days)", ordering="-recent_opened")
    def opened(self, obj):
        return obj.recent_opened

    @admin.display(description="Last verified", ordering="verified_on")
    def last_verified(self, obj):
        return obj.verified_on or "Never"

    @admin.display(description="Overdue", boolean=True, ordering="-verification_overdue")
    def overdue(self, obj):
        return obj.verification_overdue

    @admin.display(description="Open corrections", ordering="-open_corrections")
    def corrections(self, obj):
        return _count_link(obj.open_corrections, _corrections_url(obj.pk))

    @admin.display(description="Pending updates", ordering="-pending_updates")
    def updates(self, obj):
        return _count_link(obj.pending_updates, _updates_url(obj.pk))

    @admin.display(description="Call")
    def verify_link(self, obj):
        url = reverse("admin:verification_queuedlisting_verify", args=[obj.pk])
        return format_html('<a href="{}">Verified by phone today</a>', url)

    def verify_view(self, request, facility_id: int):
        """GET: what the facility can confirm, beside what the listing says now. POST: record the call."""
        if not request.user.has_perms(VERIFY_PERMISSIONS):
            raise PermissionDenied
        facility = get_object_or_404(Facility, pk=facility_id)
        programs = list(facility.programs.order_by_level())
        form = VerifyForm(request.POST if request.method == "POST" else None, facility=facility, programs=programs)
        if form.is_valid():
            verification = record_phone_verification(facility, **form.confirmed(), user=request.user)
            self.message_user(
                request, f"{facility.name} verified by phone today: {verification.fields_text}.", messages.SUCCESS
            )
            return redirect("admin:verification_queuedlisting_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Verified by phone today: {facility.name}",
            "facility": facility,
            "form": form,
            "corrections": _count_link(
                facility.corrections.filter(status__in=OPEN_CORRECTIONS).count(), _corrections_url(facility.pk)
            ),
            "updates": _count_link(
                ProposedUpdate.objects.filter(facility=facility, status=ProposedUpdate.Status.PENDING).count(),
                _updates_url(facility.pk),
            ),
        }
        return TemplateResponse(request, "admin/verification/queuedlisting/verify.html", context)


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    list_display = ["day", "listing", "user", "fields_text"]
    list_select_related = ["facility", "user"]
    search_fields = ["facility__name"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Listing", ordering="facility__name")
    def listing(self, obj):
        return _listing_link(obj.facility)

    @admin.display(description="Confirmed")
    def fields_text(self, obj):
        return obj.fields_text
