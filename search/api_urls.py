from django.urls import path

from search import api

app_name = "api"

urlpatterns = [
    path("facilities/", api.facility_list, name="facility_list"),
    path("facilities/<slug:slug>/", api.facility_detail, name="facility_detail"),
    path("schema/", api.schema, name="schema"),
]
