from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from facilities.admin import LevelHelpText, VocabularyAdmin
from programs.models import Program, Therapy


@admin.register(Program)
class ProgramAdmin(LevelHelpText, SimpleHistoryAdmin):
    """Programs are edited inline on their facility; this page gives each its own history."""

    list_display = ["__str__", "type", "weekly_hours_min", "weekly_hours_max", "accepting", "updated_at"]
    list_filter = ["type", "accepting", "evening", "detox"]
    list_select_related = ["facility"]
    search_fields = ["name", "facility__name", "facility__city"]
    autocomplete_fields = ["facility"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(Therapy)
class TherapyAdmin(VocabularyAdmin):
    list_display = ["name", "slug", "category", "samhsa_codes"]
    list_filter = ["category"]
