"""Admin sessions end when the browser closes and after a working day idle."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_session_cookie_lives_only_as_long_as_the_browser_and_a_working_day_idle(client, django_user_model):
    django_user_model.objects.create_user("curator", password="a long curator passphrase", is_staff=True)
    response = client.post(
        reverse("admin:login"), {"username": "curator", "password": "a long curator passphrase", "next": "/admin/"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie: gone when it closes
    assert client.session.get_expiry_age() == 8 * 60 * 60
    # Each request restarts the idle clock.
    before = client.session.get_expiry_date()
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_date() >= before
