from django.contrib import admin
from django.urls import include, path

from iopfinder import views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("healthz/", views.healthz, name="healthz"),
    path("", include("facilities.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "iopfinder.views.page_not_found"
handler500 = "iopfinder.views.server_error"
