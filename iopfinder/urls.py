from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from iopfinder import views

# The public pages, in English at the root and in Spanish under /es/: the address alone decides the language (no
# cookie, no guess from the browser), so a link or a bookmark always opens the page in the language it was in.
urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("", include("search.urls")),
    path("", include("facilities.urls")),
    path("", include("corrections.urls")),
    path("", include("updates.urls")),
    path("learn/", include("learn.urls")),
    prefix_default_language=False,
)

urlpatterns += [
    path("healthz/", views.healthz, name="healthz"),
    # The API's language is its `lang` parameter or Accept-Language (search/api.py); its addresses are the same.
    path("api/v1/", include("search.api_urls")),
    # Open data: the same listings in Open Referral's HSDS 3.0 (hsds/api.py), always in English.
    path("api/hsds/", include("hsds.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that do not name an icon, such as the admin's.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]

handler404 = "iopfinder.views.page_not_found"
handler500 = "iopfinder.views.server_error"
