from django.urls import path

from facilities import views

app_name = "facilities"

urlpatterns = [
    path("facilities/<slug:slug>/", views.facility_detail, name="detail"),
    path("compare/", views.compare, name="compare"),
]
