"""The curators' import tools, added to the Facility admin: export the selected facilities, import a CSV or the
national directory (each import an ImportJob with a page of its own).

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
        def view(function):
            return self.admin_site.admin_view(lambda request, **kwargs: function(self, request, **kwargs))

        return [
            path("import-csv/", view(csv_admin.import_csv_view), name="facilities_facility_import_csv"),
            path(
                "import-directory/",
                view(csv_admin.import_directory_view),
                name="facilities_facility_import_directory",
            ),
            path("import-jobs/<int:job_id>/", view(csv_admin.import_job_view), name="facilities_facility_import_job"),
            *super().get_urls(),
        ]

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_admin.export_csv(self, request, queryset)


admin.site.unregister(Facility)
admin.site.register(Facility, FacilityAdminWithCsv)
