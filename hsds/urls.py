from django.urls import re_path

from hsds import api

app_name = "hsds"

# HSDS's paths have no trailing slash; one is accepted too.
urlpatterns = [
    re_path(r"^$", api.index, name="index"),
    re_path(r"^openapi\.json$", api.openapi, name="openapi"),
    re_path(r"^services/?$", api.services, name="services"),
    re_path(r"^services/(?P<id>[^/]+)/?$", api.service_detail, name="service"),
    re_path(r"^service_at_locations/?$", api.service_at_locations, name="service_at_locations"),
    re_path(r"^service_at_locations/(?P<id>[^/]+)/?$", api.service_at_location_detail, name="service_at_location"),
    re_path(r"^organizations/?$", api.organizations, name="organizations"),
    re_path(r"^organizations/(?P<id>[^/]+)/?$", api.organization_detail, name="organization"),
    re_path(r"^taxonomies/?$", api.taxonomies, name="taxonomies"),
    re_path(r"^taxonomies/(?P<id>[^/]+)/?$", api.taxonomy_detail, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", api.taxonomy_terms, name="taxonomy_terms"),
    re_path(r"^taxonomy_terms/(?P<id>[^/]+)/?$", api.taxonomy_term_detail, name="taxonomy_term"),
]
