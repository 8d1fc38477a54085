from django.conf import settings


def site(request):
    """Site-wide values every template may use."""
    return {
        "SITE_NAME": "IOP Finder",
        "DEBUG": settings.DEBUG,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
