"""Sign-in throttling for /admin/: a few failures for a user or from a client lock it for a while, clearly."""

import logging

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")
PASSWORD = "a long curator passphrase"


@pytest.fixture
def curator_user(django_user_model):
    return django_user_model.objects.create_user("curator", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, curator_user, caplog):
    with caplog.at_level(logging.WARNING):
        for _ in range(4):
            assert sign_in(client, "curator", "wrong").status_code == 200  # the form again, with its error
        assert sign_in(client, "curator", "wrong").status_code == 429  # the fifth locks
    response = sign_in(client, "curator", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page and "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session
    assert "AXES" in caplog.text  # failures are logged


def test_the_lock_is_per_user_and_per_client(client, curator_user, django_user_model):
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    for _ in range(5):
        sign_in(client, "curator", "wrong", address="203.0.113.7")
    # The same username from another client: still locked (someone is guessing this account's password).
    assert sign_in(Client(), "curator", PASSWORD, address="198.51.100.2").status_code == 429
    # Another user from the attacking client: locked too (that client is guessing).
    assert sign_in(Client(), "other", PASSWORD, address="203.0.113.7").status_code == 429
    # Another user from another client signs in.
    assert sign_in(Client(), "other", PASSWORD, address="198.51.100.2").status_code == 302


def test_an_account_manager_can_unlock(client, curator_user):
    for _ in range(5):
        sign_in(client, "curator", "wrong")
    assert AccessAttempt.objects.exists()
    call_command("axes_reset_username", "curator")
    call_command("axes_reset_ip", "203.0.113.7")
    assert sign_in(client, "curator", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_count(client, curator_user):
    for _ in range(4):
        sign_in(client, "curator", "wrong")
    assert sign_in(client, "curator", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "curator", "wrong")
    assert sign_in(client, "curator", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(client, curator_user):
    for number in range(6):
        response = client.post(
            LOGIN,
            {"username": "curator", "password": "wrong", "next": "/admin/"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )
    assert response.status_code == 429
