from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from iopfinder import views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("healthz/", views.healthz, name="healthz"),
    path("", include("search.urls")),
    path("", include("facilities.urls")),
    path("", include("corrections.urls")),
    path("", include("updates.urls")),
    path("learn/", include("learn.urls")),
    path("api/v1/", include("search.api_urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that do not name an icon, such as the admin's.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]

handler404 = "iopfinder.views.page_not_found"
handler500 = "iopfinder.views.server_error"
