import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from facilities.models import Facility
from programs.models import Program

pytestmark = pytest.mark.django_db


def test_load_demo_fills_an_empty_database_with_fictional_listings(capsys):
    call_command("load_demo")
    facilities = Facility.objects.all()
    assert facilities.count() >= 150
    assert set(facilities.values_list("source", flat=True)) == {Facility.Source.DEMO}
    # Fictional numbers only: the 555-0100 to 555-0199 range is reserved for fiction.
    for phone in facilities.exclude(phone="").values_list("phone", flat=True):
        assert "555-01" in phone, phone
    metros = set(facilities.values_list("city", "state"))
    assert len(metros) >= 15
    assert Program.objects.filter(weekly_hours_min__isnull=True).exists()
    assert set(Program.objects.values_list("type", flat=True)) == set(Program.Type.values)
    assert "Loaded" in capsys.readouterr().out


def test_load_demo_leaves_a_database_with_facilities_alone(make_facility, capsys):
    make_facility(name="Real Curated Listing")
    call_command("load_demo")
    assert list(Facility.objects.values_list("name", flat=True)) == ["Real Curated Listing"]
    assert "Skipped" in capsys.readouterr().out


def test_create_curator_makes_a_staff_account_in_the_curators_group(monkeypatch):
    monkeypatch.setenv("NEW_CURATOR_PASSWORD", "long-enough-passphrase-91")
    call_command("create_curator", "dana", "--email", "dana@example.org", "--password-env", "NEW_CURATOR_PASSWORD")
    user = get_user_model().objects.get(username="dana")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("long-enough-passphrase-91")
    assert list(user.groups.values_list("name", flat=True)) == [settings.CURATORS_GROUP]


def test_create_curator_refuses_a_weak_password_and_creates_nothing(monkeypatch):
    monkeypatch.setenv("NEW_CURATOR_PASSWORD", "1234")
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_curator", "dana", "--password-env", "NEW_CURATOR_PASSWORD")
    assert not get_user_model().objects.filter(username="dana").exists()


def test_create_curator_refuses_an_existing_username(monkeypatch, curator):
    monkeypatch.setenv("NEW_CURATOR_PASSWORD", "long-enough-passphrase-91")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_curator", curator.username, "--password-env", "NEW_CURATOR_PASSWORD")


def test_demo_records_start_with_one_clear_history_entry():
    call_command("load_demo")
    facility = Facility.objects.filter(languages__isnull=False).first()
    entries = list(facility.history.all())
    assert len(entries) == 1
    assert entries[0].history_change_reason == "Fictional demo data loaded"
    assert set(entries[0].languages.values_list("language__slug", flat=True)) == set(
        facility.languages.values_list("slug", flat=True)
    )
