from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from programs.freshness import Confirmation, stamp
from programs.levels import PROGRAM_LEVELS
from programs.models import Program, Therapy

# A list of choices as checkboxes in columns (static/css/admin.css): short enough to scan, no script needed.
CHECKBOX_GRID = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple(attrs={"class": "checkbox-grid"})}}
ADMIN_CSS = {"all": ["css/admin.css"]}


class LevelHelpText:
    """The program-type field explains each level of care, from programs/levels.py (here and inline on a facility)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "type" and field is not None:
            field.help_text = " ".join(str(level.help_text) for level in PROGRAM_LEVELS)  # lazy: in the admin's English
        return field


class DatesCuratorEdits:
    """A curator's edit of hours, availability or phones dates them (confirmed by our staff, today), unless the
    curator set that date in the same save: the page then says how fresh each fact is (programs.freshness)."""

    def save_model(self, request, obj, form, change):
        if hasattr(type(obj), "CONFIRMED"):
            stamp(obj, form.changed_data, Confirmation.CURATOR)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if hasattr(formset.model, "CONFIRMED"):
            for inline in formset.forms:
                if inline.has_changed() and inline not in formset.deleted_forms:
                    stamp(inline.instance, inline.changed_data, Confirmation.CURATOR)
        super().save_formset(request, form, formset, change)


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "name_es", "slug", "samhsa_codes"]
    search_fields = ["name", "name_es", "slug", "samhsa_codes"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Program)
class ProgramAdmin(DatesCuratorEdits, LevelHelpText, SimpleHistoryAdmin):
    """Programs are edited inline on their facility; this page gives each its own history."""

    list_display = ["__str__", "type", "weekly_hours_min", "weekly_hours_max", "accepting", "updated_at"]
    list_filter = ["type", "accepting", "evening", "detox"]
    list_select_related = ["facility"]
    search_fields = ["name", "facility__name", "facility__city"]
    autocomplete_fields = ["facility"]
    formfield_overrides = CHECKBOX_GRID

    class Media:
        css = ADMIN_CSS


@admin.register(Therapy)
class TherapyAdmin(VocabularyAdmin):
    list_display = ["name", "name_es", "slug", "category", "samhsa_codes"]
    list_filter = ["category"]
