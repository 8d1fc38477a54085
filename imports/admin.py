"""The curators' CSV tools, added to the Facility admin: export the selected facilities, import a file.

The Facility admin (facilities.admin) knows nothing of imports; this app extends it, so the dependency
points one way: imports -> facilities.
"""

from django.contrib import admin
from django.urls import path

from facilities.admin import FacilityAdmin
from facilities.models import Facility
from imports import csv_admin


class FacilityAdminWithCsv(FacilityAdmin):
    actions = [*FacilityAdmin.actions, "export_csv"]

    def get_urls(self):
        import_view = self.admin_site.admin_view(lambda request: csv_admin.import_csv_view(self, request))
        return [path("import-csv/", import_view, name="facilities_facility_import_csv"), *super().get_urls()]

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_admin.export_csv(self, request, queryset)


admin.site.unregister(Facility)
admin.site.register(Facility, FacilityAdminWithCsv)
