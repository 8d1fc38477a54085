from django.conf import settings


def site(request):
    """Site-wide values every template may use."""
    return {"SITE_NAME": "IOP Finder", "DEBUG": settings.DEBUG}
