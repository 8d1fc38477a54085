import pytest

from programs.models import Therapy

pytestmark = pytest.mark.django_db


def test_every_therapy_has_the_anchor_the_search_links_to(client):
    html = client.get("/learn/therapies/").content.decode()
    for therapy in Therapy.objects.all():
        assert f'id="{therapy.slug}"' in html
        assert therapy.name in html
    assert therapy.get_absolute_url() == f"/learn/therapies/#{therapy.slug}"


def test_the_learn_index_links_to_a_search_for_each_program_type(client):
    html = client.get("/learn/").content.decode()
    for program_type in ("iop", "php", "residential"):
        assert f"/search/?type={program_type}" in html
    assert 'href="tel:988"' in html
