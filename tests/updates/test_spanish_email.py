"""A curator chooses the language of an update link: a link in Spanish is emailed in Spanish and opens the form at
/es/update/<token>/; a new link asked for from a Spanish page comes back in Spanish. English stays the default.

The Spanish sentences asserted here come from the Spanish catalogue (locale/es): they need it merged and compiled."""

import pytest
from django.urls import reverse

from updates.mail import send_link
from updates.models import LinkRequest, UpdateLink

pytestmark = pytest.mark.django_db


ADD_URL = "/admin/updates/updatelink/add/"


def test_a_link_in_spanish_is_emailed_in_spanish_with_the_spanish_address(
    curator_client, make_facility, mailoutbox, settings
):
    settings.SITE_URL = "https://iopfinder.example"
    facility = make_facility(name="Harbor Light Recovery", city="Dayton", state="OH")
    data = {"facility": facility.pk, "email": "intake@harbor.example", "language": "es"}
    response = curator_client.post(ADD_URL, data, follow=True)
    assert response.status_code == 200

    link = UpdateLink.objects.get()
    assert link.language == "es"
    url = f"https://iopfinder.example/es/update/{link.token}/"
    assert f'<a class="update-link" href="{url}">{url}</a>' in response.content.decode()  # the link to copy, too

    mail = mailoutbox[0]
    assert mail.subject == "Actualice su ficha en IOP Finder: Harbor Light Recovery"
    assert mail.body.startswith("Hola:\n")
    assert "incluye a Harbor Light Recovery en Dayton, OH." in mail.body
    assert "El enlace funciona una sola vez, hasta el " in mail.body
    assert "The link works once" not in mail.body
    assert url in mail.body


def test_the_spanish_link_opens_the_form_in_spanish(client, make_facility):
    link = UpdateLink.objects.create(facility=make_facility(), language="es")
    assert link.get_absolute_url() == f"/es/update/{link.token}/"
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="es">' in html
    assert "Actualice su ficha" in html and "Enviar la actualización" in html


def test_a_link_is_in_english_unless_the_curator_chooses(curator_client, make_facility, mailoutbox, settings):
    settings.SITE_URL = "https://iopfinder.example"
    facility = make_facility(name="Harbor Light Recovery")
    form = curator_client.get(f"{ADD_URL}?facility={facility.pk}").content.decode()
    assert '<option value="en" selected>English</option>' in form and '<option value="es">Español</option>' in form

    curator_client.post(ADD_URL, {"facility": facility.pk, "email": "intake@harbor.example"})
    link = UpdateLink.objects.get()
    assert link.language == "en"
    assert mailoutbox[0].subject == "Update your listing on IOP Finder: Harbor Light Recovery"
    assert f"https://iopfinder.example/update/{link.token}/" in mailoutbox[0].body


def test_the_email_follows_the_link_not_the_page_it_was_sent_from(make_facility, mailoutbox, settings):
    """The admin is in English; an email in Spanish sent from it is Spanish all through, and English after it."""
    link = UpdateLink.objects.create(facility=make_facility(name="Harbor Light Recovery"), email="a@b.example")
    link.language = "es"
    send_link(link, "https://iopfinder.example" + link.get_absolute_url())
    link.language = "en"
    send_link(link, "https://iopfinder.example" + link.get_absolute_url())
    spanish, english = mailoutbox
    assert spanish.subject.startswith("Actualice su ficha") and "/es/update/" in spanish.body
    assert english.subject.startswith("Update your listing") and "/es/" not in english.body


def test_a_new_link_asked_for_from_a_spanish_page_is_sent_in_spanish(client, curator_client, make_facility):
    link = UpdateLink.objects.create(facility=make_facility(), language="es")
    UpdateLink.objects.filter(pk=link.pk).update(used_at=link.created_at)
    english_page = client.get(f"/update/{link.token}/")
    spanish_page = client.get(f"/es/update/{link.token}/")
    assert english_page.status_code == spanish_page.status_code == 410
    assert f'action="/es/update/{link.token}/new-link/"' in spanish_page.content.decode()
    assert "Pida un enlace nuevo" in spanish_page.content.decode()

    response = client.post(f"/es/update/{link.token}/new-link/", {"contact": "maria@harbor.example", "note": ""})
    assert response.status_code == 302 and response["Location"] == "/es/update/new-link/sent/"
    assert "Le enviaremos un enlace nuevo" in client.get(response["Location"]).content.decode()
    request = LinkRequest.objects.get()
    assert request.language == "es"
    page = curator_client.get(reverse("admin:updates_linkrequest_change", args=[request.pk])).content.decode()
    new_link = f"{ADD_URL}?facility={link.facility_id}&amp;language=es"
    assert new_link in page
    form = curator_client.get(new_link.replace("&amp;", "&")).content.decode()
    assert '<option value="es" selected>Español</option>' in form

    client.post(f"/update/{link.token}/new-link/", {"contact": "555-0123", "note": ""})  # the English page's form
    assert LinkRequest.objects.latest("created_at").language == "en"
