"""The curators' inbox of corrections from visitors: new, in progress, fixed or rejected, each with its listing."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from corrections.models import Correction


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reason", "facility_link", "status", "handled_by"]
    list_filter = ["status", "reason"]
    list_select_related = ["facility", "handled_by"]
    search_fields = ["facility__name", "details"]
    readonly_fields = ["facility_link", "reason", "details", "contact", "created_at", "handled_by"]
    fields = ["facility_link", "reason", "details", "contact", "created_at", "status", "curator_note", "handled_by"]
    actions = ["mark_in_progress", "mark_fixed", "mark_rejected"]

    def has_add_permission(self, request):
        return False  # corrections come from visitors

    @admin.display(description="Listing")
    def facility_link(self, obj):
        url = reverse("admin:facilities_facility_change", args=[obj.facility_id])
        return format_html(
            '<a href="{}">{}</a> ({}, {})', url, obj.facility.name, obj.facility.city, obj.facility.state
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    def _mark(self, request, queryset, status):
        count = queryset.update(status=status, handled_by=request.user)
        self.message_user(request, f"{count} correction(s) marked {Correction.Status(status).label.lower()}.")

    @admin.action(description="Mark in progress")
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, Correction.Status.IN_PROGRESS)

    @admin.action(description="Mark fixed")
    def mark_fixed(self, request, queryset):
        self._mark(request, queryset, Correction.Status.FIXED)

    @admin.action(description="Mark rejected")
    def mark_rejected(self, request, queryset):
        self._mark(request, queryset, Correction.Status.REJECTED)
