"""A curator creates an update link for a facility in admin: it is shown to copy, and emailed when an address is
given. Only curators get there."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.freshness import day_text
from updates.models import UpdateLink

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/updates/updatelink/add/"


def test_the_facility_page_in_admin_offers_an_update_link(curator_client, make_facility):
    facility = make_facility()
    page = curator_client.get(reverse("admin:facilities_facility_change", args=[facility.pk])).content.decode()
    assert f'href="{ADD_URL}?facility={facility.pk}">Send an update link</a>' in page
    form = curator_client.get(f"{ADD_URL}?facility={facility.pk}")
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["facility"] == str(facility.pk)
    assert f'<option value="{facility.pk}" selected>{facility}</option>' in form.content.decode()


def test_creating_a_link_emails_it_and_shows_it_to_copy(curator_client, curator, make_facility, mailoutbox, settings):
    settings.SITE_URL = "https://iopfinder.example"
    facility = make_facility(name="Harbor Light Recovery")
    response = curator_client.post(ADD_URL, {"facility": facility.pk, "email": "intake@harbor.example"}, follow=True)
    assert response.status_code == 200

    link = UpdateLink.objects.get()
    assert (link.facility, link.email, link.created_by, link.used_at) == (
        facility,
        "intake@harbor.example",
        curator,
        None,
    )
    url = f"https://iopfinder.example/update/{link.token}/"
    expires = day_text(timezone.localdate(link.expires_at))
    messages = response.content.decode()
    assert f'<a class="update-link" href="{url}">{url}</a>' in messages
    assert f"works once, until {expires}" in messages
    assert "Emailed the link to intake@harbor.example." in messages
    assert f"Open until {expires}" in messages  # the link's own page, where the curator lands

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["intake@harbor.example"]
    assert mail.subject == "Update your listing on IOP Finder: Harbor Light Recovery"
    assert url in mail.body and f"The link works once, until {expires}." in mail.body
    assert not mail.alternatives  # plain text
    assert curator_client.get(url.removeprefix("https://iopfinder.example")).status_code == 200


def test_without_an_email_the_link_is_only_shown(curator_client, make_facility, mailoutbox, settings):
    settings.SITE_URL = ""
    facility = make_facility()
    response = curator_client.post(ADD_URL, {"facility": facility.pk, "email": ""}, follow=True)
    link = UpdateLink.objects.get()
    assert f"http://testserver/update/{link.token}/" in response.content.decode()  # the request's own address
    assert mailoutbox == []


def test_a_mail_server_that_fails_leaves_the_link_to_copy(curator_client, make_facility, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("updates.mail.send_mail", refuse)
    response = curator_client.post(ADD_URL, {"facility": make_facility().pk, "email": "a@b.example"}, follow=True)
    html = response.content.decode()
    assert "could not be sent (connection refused)" in html
    assert re.search(r'class="update-link" href="http://testserver/update/[^"]+/"', html)


def test_a_curator_can_end_a_link_early(curator_client, make_facility):
    link = UpdateLink.objects.create(facility=make_facility())
    curator_client.post(
        reverse("admin:updates_updatelink_changelist"), {"action": "end_now", "_selected_action": [link.pk]}
    )
    link.refresh_from_db()
    assert link.state == UpdateLink.State.EXPIRED


def test_only_curators_create_links(client, django_user_model, make_facility):
    facility = make_facility()
    response = client.post(ADD_URL, {"facility": facility.pk, "email": "a@b.example"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    staff = django_user_model.objects.create_user("helper", password="a-helper-password-42", is_staff=True)
    client.force_login(staff)
    assert client.post(ADD_URL, {"facility": facility.pk}).status_code == 403
    assert not UpdateLink.objects.exists()
