"""Suggest a correction: every facility page links the form; a correction reaches the curators' inbox; bots and
floods do not; visitors who only search get no cookie."""

import pytest
from django.urls import reverse

from corrections.models import Correction

pytestmark = pytest.mark.django_db


def form_url(facility) -> str:
    return reverse("corrections:suggest", args=[facility.slug])


def send(client, facility, address="203.0.113.7", **fields):
    data = {"reason": "wrong-phone", "details": "The number rings a pizza place.", "contact": "", "website": ""}
    data.update(fields)
    return client.post(form_url(facility), data, REMOTE_ADDR=address)


def test_the_facility_page_links_the_form_and_sets_no_cookie(client, make_facility):
    facility = make_facility()
    page = client.get(facility.get_absolute_url())
    assert f'href="{form_url(facility)}"' in page.content.decode()
    assert not page.cookies  # a visitor who only looks gets no cookie
    assert not client.get("/search/?location=45402").cookies


def test_a_correction_reaches_the_curators_inbox(client, curator_client, make_facility):
    facility = make_facility(name="Harbor Light Recovery")
    form = client.get(form_url(facility))
    assert form.status_code == 200 and "What is wrong?" in form.content.decode()

    response = send(client, facility)
    assert response.status_code == 302 and response["Location"] == f"{form_url(facility)}?sent=1"
    assert "Thank you" in client.get(response["Location"]).content.decode()
    correction = Correction.objects.get()
    assert (correction.facility, correction.reason, correction.status) == (facility, "wrong-phone", "new")

    index = curator_client.get(reverse("admin:index")).content.decode()
    assert "1 new correction</strong> from visitors" in index
    inbox = curator_client.get(reverse("admin:corrections_correction_changelist") + "?status__exact=new")
    assert inbox.status_code == 200 and "Harbor Light Recovery" in inbox.content.decode()
    curator_client.post(
        reverse("admin:corrections_correction_changelist"),
        {"action": "mark_fixed", "_selected_action": [correction.pk]},
    )
    correction.refresh_from_db()
    assert correction.status == "fixed" and correction.handled_by is not None
    assert "No new corrections" in curator_client.get(reverse("admin:index")).content.decode()


def test_a_correction_needs_a_reason_and_says_so(client, make_facility):
    facility = make_facility()
    response = send(client, facility, reason="")
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert not Correction.objects.exists()


def test_the_honeypot_thanks_a_bot_and_keeps_nothing(client, make_facility):
    facility = make_facility()
    response = send(client, facility, website="http://spam.example/")
    assert response.status_code == 302  # answered like a person, so the bot learns nothing
    assert not Correction.objects.exists()


def test_the_sixth_correction_from_one_client_within_the_hour_gets_the_429_page(client, make_facility, settings):
    settings.RATELIMIT_ENABLE = True
    facility = make_facility()
    for _ in range(5):
        assert send(client, facility).status_code == 302
    for _ in range(3):
        assert client.get(form_url(facility), REMOTE_ADDR="203.0.113.7").status_code == 200  # opening is free
    refused = send(client, facility)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert Correction.objects.count() == 5
    assert send(client, facility, address="198.51.100.2").status_code == 302  # another client


def test_an_unpublished_or_unknown_facility_has_no_form(client, make_facility):
    hidden = make_facility(is_published=False)
    assert client.get(form_url(hidden)).status_code == 404
    assert client.get(reverse("corrections:suggest", args=["no-such-place"])).status_code == 404
