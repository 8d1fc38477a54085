"""The curators' side of update links: create and send a link, review what a program sent (each changed field
old → new, apply all or some, or reject), and the requests for a new link."""

from smtplib import SMTPException
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from programs.freshness import day_text
from updates.mail import send_link
from updates.models import LinkRequest, ProposedUpdate, UpdateLink
from updates.review import CannotApply, apply, parts_of, reject


def link_url(request, link: UpdateLink) -> str:
    """The link in full, on the public site's address (SITE_URL) when there is one."""
    path = link.get_absolute_url()
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


def facility_link(facility):
    url = reverse("admin:facilities_facility_change", args=[facility.pk])
    return format_html('<a href="{}">{}</a> ({}, {})', url, facility.name, facility.city, facility.state)


@admin.register(UpdateLink)
class UpdateLinkAdmin(admin.ModelAdmin):
    list_display = ["facility", "email", "language", "created_at", "state_text", "created_by"]
    list_select_related = ["facility", "created_by"]
    search_fields = ["facility__name", "email"]
    autocomplete_fields = ["facility"]
    actions = ["end_now"]

    def get_fields(self, request, obj=None):
        if obj is None:  # ?facility=<id>&language=es in the address fills those in
            return ["facility", "email", "language"]
        fields = ["facility", "email", "language", "state_text", "created_by", "created_at", "expires_at"]
        return [*fields, "proposed_update_link"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["facility", "email", "language", "state_text", "created_by", "created_at", "proposed_update_link"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "language":
            field.required = False  # left out of what is sent, it keeps its default: English
        return field

    @admin.display(description="State")
    def state_text(self, obj):
        if obj.state == UpdateLink.State.USED:
            return f"Used on {day_text(timezone.localdate(obj.used_at))}"
        expires = day_text(timezone.localdate(obj.expires_at))
        return f"Expired on {expires}" if obj.state == UpdateLink.State.EXPIRED else f"Open until {expires}"

    @admin.display(description="What the program sent")
    def proposed_update_link(self, obj):
        update = ProposedUpdate.objects.filter(link=obj).first()
        if update is None:
            return "Nothing yet"
        url = reverse("admin:updates_proposedupdate_change", args=[update.pk])
        return format_html('<a href="{}">{}</a>', url, update.get_status_display())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """Show the link once, to copy; email it when an address was given."""
        url, expires = link_url(request, obj), day_text(timezone.localdate(obj.expires_at))
        self.message_user(
            request,
            format_html(
                'The update link for {} works once, until {}. Copy it: <a class="update-link" href="{}">{}</a>',
                obj.facility.name,
                expires,
                url,
                url,
            ),
            messages.SUCCESS,
        )
        if obj.email:
            try:
                send_link(obj, url)
            except (OSError, SMTPException) as error:
                self.message_user(
                    request,
                    f"The email to {obj.email} could not be sent ({error}). Copy the link and send it another way.",
                    messages.ERROR,
                )
            else:
                self.message_user(request, f"Emailed the link to {obj.email}.", messages.SUCCESS)
        return redirect(reverse("admin:updates_updatelink_change", args=[obj.pk]))

    @admin.action(description="End the selected links now", permissions=["change"])
    def end_now(self, request, queryset):
        ended = queryset.filter(used_at__isnull=True, expires_at__gt=timezone.now()).update(expires_at=timezone.now())
        self.message_user(request, f"Ended {ended} link(s).", messages.SUCCESS)


@admin.register(ProposedUpdate)
class ProposedUpdateAdmin(admin.ModelAdmin):
    list_display = ["submitted_at", "facility", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["facility", "reviewed_by"]
    search_fields = ["facility__name"]
    ordering = [Case(When(status=ProposedUpdate.Status.PENDING, then=Value(0)), default=Value(1)), "-submitted_at"]
    fields = ["listing", "sent_by", "submitted_at", "status", "reviewed_by", "reviewed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # updates come from programs, through their links

    @admin.display(description="Listing")
    def listing(self, obj):
        return facility_link(obj.facility)

    @admin.display(description="Sent through")
    def sent_by(self, obj):
        if obj.link is None:
            return "A link since deleted"
        sent_to = f", sent to {obj.link.email}" if obj.link.email else ""
        return f"The update link created on {day_text(timezone.localdate(obj.link.created_at))}{sent_to}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review: each changed field old → new with a box to tick; "Apply selected" or "Reject"."""
        update = self.get_object(request, unquote(object_id))
        if update is not None and request.method == "POST":
            return self.review(request, update)
        context = dict(extra_context or {})
        pending = update is not None and update.status == ProposedUpdate.Status.PENDING
        if pending and self.has_view_or_change_permission(request, update):
            context |= {
                "parts": parts_of(update),
                "submitted_on": day_text(update.submitted_on),
                "can_review": self.has_change_permission(request, update),
            }
        return super().change_view(request, object_id, form_url, context)

    def review(self, request, update):
        if not self.has_change_permission(request, update):
            raise PermissionDenied
        day = day_text(update.submitted_on)
        try:
            if "_reject" in request.POST:
                reject(update, user=request.user)
                self.log_change(request, update, "Rejected the program's update.")
                self.message_user(request, "Rejected. The listing did not change.", messages.SUCCESS)
            elif "_apply" in request.POST:
                chosen = set(request.POST.getlist("apply"))
                skipped = apply(
                    update, chosen, user=request.user, confirm_unchanged="confirm_unchanged" in request.POST
                )
                update.refresh_from_db()
                self.log_change(request, update, f"{update.get_status_display()} the program's update.")
                for title in skipped:
                    self.message_user(
                        request,
                        f"{title} was deleted after the update was sent: its part was skipped.",
                        messages.WARNING,
                    )
                self.message_user(
                    request,
                    f"{update.get_status_display()}. The applied facts show as reported by the program on {day}, and "
                    f"the listing counts as verified that day.",
                    messages.SUCCESS,
                )
        except CannotApply as problem:
            self.message_user(request, str(problem), messages.ERROR)
        return redirect(request.path)


@admin.register(LinkRequest)
class LinkRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "listing", "contact", "status"]
    list_filter = ["status"]
    list_select_related = ["facility"]
    search_fields = ["facility__name", "contact", "note"]
    fields = ["listing", "contact", "note", "language", "created_at", "status", "new_link"]
    readonly_fields = ["listing", "contact", "note", "language", "created_at", "new_link"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False  # requests come from the public page of a link that no longer works

    @admin.display(description="Listing")
    def listing(self, obj):
        return facility_link(obj.facility) if obj.facility_id else "Unknown: the link they opened was not one of ours"

    @admin.display(description="Send a new link")
    def new_link(self, obj):
        if not obj.facility_id:
            return "Find the listing by the name they gave, then use “Send an update link” on it."
        query = urlencode({"facility": obj.facility_id, "language": obj.language})  # the page they asked from's
        url = f"{reverse('admin:updates_updatelink_add')}?{query}"
        return format_html('<a href="{}">Send an update link to {}</a>', url, obj.facility.name)

    @admin.action(description="Mark handled", permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.update(status=LinkRequest.Status.HANDLED)
        self.message_user(request, f"{count} request(s) marked handled.", messages.SUCCESS)
