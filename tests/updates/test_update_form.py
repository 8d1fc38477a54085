"""The program's side of an update link: the form prefilled with the listing; a submission that proposes and never
changes; a link that works once and until it expires; a changed link refused without a word about any facility; a
way to ask for a new link."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import PaymentOption
from programs.models import Program
from updates.models import LinkRequest, ProposedUpdate, UpdateLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(make_facility, make_program):
    """A facility with an evening IOP (9–12 hours, taking new patients, CBT) and a PHP."""
    facility = make_facility(name="Harbor Light Recovery", phone="(937) 555-0100", website="https://harbor.example")
    facility.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
    iop = make_program(facility, therapies=["cbt"], name="Evening IOP", accepting=Program.Accepting.YES)
    php = make_program(
        facility,
        type=Program.Type.PHP,
        weekly_hours_min=20,
        weekly_hours_max=30,
        days_per_week_min=5,
        days_per_week_max=5,
    )
    return facility, iop, php


@pytest.fixture
def link(listing, curator):
    return UpdateLink.objects.create(facility=listing[0], email="intake@harbor.example", created_by=curator)


def prefilled(response) -> dict:
    """What a browser sends back when nobody changes a thing: every box as the page filled it."""
    form = response.context["form"]
    data = {}
    for part in (form.facility, *form.programs):
        for field in part:
            value = field.value()
            data[field.html_name] = "" if value is None else value
    return data


def send(client, link, **changes):
    """Open the link's form and send it back with some answers changed (by field name)."""
    url = link.get_absolute_url()
    data = prefilled(client.get(url)) | changes
    return client.post(url, data)


def test_the_form_is_prefilled_with_the_listing(client, link, listing):
    _facility, iop, php = listing
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Update your listing" in html and "Harbor Light Recovery" in html
    assert html.index("Intensive outpatient (IOP): Evening IOP") < html.index("Partial hospitalization (PHP)")
    assert f'name="program-{iop.pk}-weekly_hours_min" value="9.0"' in html
    assert f'name="program-{iop.pk}-weekly_hours_max" value="12.0"' in html
    assert f'name="program-{php.pk}-days_per_week_min" value="5"' in html
    assert f'name="program-{iop.pk}-evening" value="yes"' in html
    assert 'name="facility-phone" value="(937) 555-0100"' in html
    data = prefilled(page)
    assert data[f"program-{iop.pk}-accepting"] == "yes"
    assert data[f"program-{php.pk}-accepting"] == ""  # not known: the program says
    assert data[f"program-{iop.pk}-therapies"] == ["cbt"]
    assert data["facility-payment_options"] == ["medicaid"]
    assert 'name="robots" content="noindex"' in html
    assert "no-store" in page["Cache-Control"]


def test_a_submission_proposes_an_update_and_changes_nothing_on_the_listing(client, link, listing):
    facility, iop, php = listing
    entries = iop.history.count(), facility.history.count()
    response = send(
        client,
        link,
        **{
            f"program-{iop.pk}-weekly_hours_max": "15",
            f"program-{iop.pk}-accepting": "waitlist",
            f"program-{iop.pk}-waitlist_weeks": "3",
            f"program-{iop.pk}-therapies": ["cbt", "dbt"],
            f"program-{php.pk}-accepting": "no",
            "facility-phone": "(937) 555-0111",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("updates:sent")
    assert "Your update has reached our staff" in client.get(response["Location"]).content.decode()

    update = ProposedUpdate.objects.get()
    assert (update.facility, update.link, update.status) == (facility, link, ProposedUpdate.Status.PENDING)
    sent_iop = next(item for item in update.data["programs"] if item["id"] == iop.pk)["values"]
    assert sent_iop["weekly_hours_max"] == "15" and sent_iop["waitlist_weeks"] == 3
    assert sent_iop["therapies"] == ["cbt", "dbt"]
    assert update.data["facility"]["phone"] == "(937) 555-0111"

    link.refresh_from_db()
    assert link.used_at is not None
    iop.refresh_from_db()
    facility.refresh_from_db()
    assert (iop.weekly_hours_max, iop.accepting, iop.waitlist_weeks) == (Decimal("12"), "yes", None)
    assert set(iop.therapies.values_list("slug", flat=True)) == {"cbt"}
    assert facility.phone == "(937) 555-0100" and facility.verified_on is None
    assert (iop.history.count(), facility.history.count()) == entries


def test_a_used_link_is_refused_with_a_way_to_ask_for_a_new_one(client, link, listing):
    data = prefilled(client.get(link.get_absolute_url())) | {f"program-{listing[2].pk}-accepting": "yes"}
    assert client.post(link.get_absolute_url(), data).status_code == 302
    again = client.get(link.get_absolute_url())
    assert again.status_code == 410
    html = again.content.decode()
    assert "This link has already been used" in html and "Ask for a new link" in html
    assert f'action="{reverse("updates:new_link", args=[link.token])}"' in html and 'name="contact"' in html
    assert ProposedUpdate.objects.count() == 1


def test_two_submissions_of_one_page_land_once(client, link, listing):
    page = client.get(link.get_absolute_url())
    data = prefilled(page) | {f"program-{listing[2].pk}-accepting": "yes"}
    assert client.post(link.get_absolute_url(), data).status_code == 302
    assert client.post(link.get_absolute_url(), data).status_code == 410  # sent again: refused, not a second update
    assert ProposedUpdate.objects.count() == 1


def test_the_link_is_claimed_once_even_when_the_page_was_checked_before(link):
    other = UpdateLink.objects.get(pk=link.pk)  # a second request that read the link before the first claimed it
    assert link.claim() is True
    assert other.claim() is False


def test_an_expired_link_is_refused(client, link):
    UpdateLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(link.get_absolute_url())
    assert page.status_code == 410
    html = page.content.decode()
    assert "This link has expired" in html and "Ask for a new link" in html
    assert client.post(link.get_absolute_url(), {"facility-phone": "1"}).status_code == 410
    assert not ProposedUpdate.objects.exists()


def test_a_link_lasts_the_configured_days(listing, settings):
    settings.UPDATE_LINK_DAYS = 14
    link = UpdateLink.objects.create(facility=listing[0])
    assert timedelta(days=13, hours=23) < link.expires_at - timezone.now() <= timedelta(days=14)


def test_a_changed_token_is_refused_and_names_no_facility(client, link, django_assert_num_queries):
    token = link.token
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (forged, "1:abc", "not-a-token", UpdateLink(pk=link.pk + 1).token):
        page = client.get(reverse("updates:form", args=[bad]))
        assert page.status_code == 404, bad
        html = page.content.decode()
        assert "This link does not work" in html and "Ask for a new link" in html
        assert "Harbor Light" not in html
    with django_assert_num_queries(0):
        client.get(reverse("updates:form", args=[forged]))  # refused on its signature alone
    assert client.post(reverse("updates:form", args=[forged]), {"facility-phone": "1"}).status_code == 404
    assert not ProposedUpdate.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weekly_hours_min", "20", "Must not be less than the minimum."),
        ("waitlist_weeks", "0", "Give a number of weeks from 1 to 52."),
        ("waitlist_weeks", "53", "Give a number of weeks from 1 to 52."),
        ("days_per_week_max", "8", "Ensure this value is less than or equal to 7."),
        ("weekly_hours_max", "lots", "Enter a number."),
    ],
)
def test_invalid_answers_are_a_400_with_the_message_and_nothing_is_kept(client, link, listing, field, value, message):
    iop = listing[1]
    changes = {f"program-{iop.pk}-{field}": value, f"program-{iop.pk}-accepting": "waitlist"}
    response = send(client, link, **changes)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Some answers need a fix" in html
    assert f'value="{value}"' in html  # what they typed is kept for them to fix
    assert not ProposedUpdate.objects.exists()
    link.refresh_from_db()
    assert link.used_at is None  # the link still works


def test_each_program_must_say_whether_it_takes_new_patients(client, link, listing):
    response = send(client, link)  # the PHP has no answer yet
    assert response.status_code == 400
    assert "Say whether this program is taking new patients." in response.content.decode()
    assert not ProposedUpdate.objects.exists()


def test_waitlist_weeks_are_dropped_without_a_waitlist(client, link, listing):
    iop, php = listing[1], listing[2]
    send(client, link, **{f"program-{iop.pk}-waitlist_weeks": "4", f"program-{php.pk}-accepting": "no"})
    sent = {item["id"]: item["values"] for item in ProposedUpdate.objects.get().data["programs"]}
    assert sent[iop.pk]["accepting"] == "yes" and sent[iop.pk]["waitlist_weeks"] is None


def test_asking_for_a_new_link_reaches_the_curators(client, curator_client, link, listing):
    UpdateLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(days=1))
    url = reverse("updates:new_link", args=[link.token])
    response = client.post(url, {"contact": "maria@harbor.example", "note": "Evening IOP", "website": ""})
    assert response.status_code == 302 and response["Location"] == reverse("updates:new_link_sent")
    assert "We will send you a new link" in client.get(response["Location"]).content.decode()
    request = LinkRequest.objects.get()
    assert (request.link, request.facility, request.contact) == (link, listing[0], "maria@harbor.example")

    index = curator_client.get(reverse("admin:index")).content.decode()
    assert "1 request for a new update link" in index
    inbox = curator_client.get(reverse("admin:updates_linkrequest_changelist") + "?status__exact=new")
    assert inbox.status_code == 200 and "maria@harbor.example" in inbox.content.decode()
    page = curator_client.get(reverse("admin:updates_linkrequest_change", args=[request.pk])).content.decode()
    assert f"{reverse('admin:updates_updatelink_add')}?facility={listing[0].pk}" in page


def test_a_request_from_a_changed_link_is_kept_without_a_listing(client, curator_client):
    response = client.post(
        reverse("updates:new_link", args=["not-a-token"]), {"contact": "555-0123", "note": "Harbor Light, Dayton"}
    )
    assert response.status_code == 302
    request = LinkRequest.objects.get()
    assert request.facility is None and request.link is None and request.note == "Harbor Light, Dayton"
    page = curator_client.get(reverse("admin:updates_linkrequest_change", args=[request.pk])).content.decode()
    assert "Unknown: the link they opened was not one of ours" in page


def test_a_request_needs_a_contact(client, link):
    UpdateLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    response = client.post(reverse("updates:new_link", args=[link.token]), {"contact": "", "note": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not LinkRequest.objects.exists()


def test_the_honeypot_thanks_a_bot_and_keeps_nothing(client, link):
    response = client.post(
        reverse("updates:new_link", args=[link.token]),
        {"contact": "bot@spam.example", "website": "http://spam.example"},
    )
    assert response.status_code == 302
    assert not LinkRequest.objects.exists()


def test_the_eleventh_post_within_the_hour_gets_the_429_page(client, link, settings):
    settings.RATELIMIT_ENABLE = True
    url = reverse("updates:new_link", args=["not-a-token"])
    for _ in range(10):
        assert client.post(url, {"contact": "555-0123"}, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert client.post(url, {"contact": "555-0123"}, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get(link.get_absolute_url(), REMOTE_ADDR="203.0.113.9").status_code == 200  # opening is free
    assert LinkRequest.objects.count() == 10
