"""The curators' history, complete: one entry per write, with the record's fields and its lists as they are after it.

django-simple-history records an entry on save and snapshots the many-to-many lists (a facility's payment, a
program's therapies) into it; but its bulk writes leave the lists out (so a later entry seems to empty them), and
an admin save records the fields before the lists are saved, then one more entry per list changed. Here:
- `save_with_history`: bulk UPDATE, then `record_history`: one entry per record, lists included.
- `OneEntryPerSave`: an admin whose save (the record, its lists, its inline programs) is one entry each, all of one
  date, and whose "revert to this version" restores the version's lists too.
- `ReadableHistory`: an admin whose History page says what each entry changed in words ("Phone: (937) 555-0100 →
  (937) 555-0199", "Therapies: + Motivational interviewing, − Acupuncture"), in a fixed number of queries;
  `changes_in_the_same_save` adds what the same save changed on the records of an inline (a facility's programs).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.utils import get_history_manager_for_model

from facilities import data_version
from programs.freshness import day_text
from programs.models import NOT_REPORTED, number_text

BATCH = 1000


def save_with_history(objects: list, model, fields, *, user=None, reason: str = "") -> int:
    """Write the given fields (and a fresh `updated_at`) of each object, each with a history entry by `user`.

    bulk_update skips auto_now, so `updated_at` is stamped here: the listing's "last updated" stays true.
    """
    now = timezone.now()
    for item in objects:
        item.updated_at = now
    with transaction.atomic():
        model._default_manager.bulk_update(objects, [*fields, "updated_at"], batch_size=BATCH)
        record_history(objects, model, user=user, reason=reason)
    return len(objects)


def record_history(objects: list, model, *, user=None, reason: str = "", created: bool = False, when=None):
    """One history entry per object as it is now ("+" when `created`), dated `when` (now), its lists included: one
    INSERT per list for all of them, after one query per list to read them."""
    if not objects:
        return
    data_version.bump()  # a bulk write sends no signals: the page cache learns of it here
    manager = get_history_manager_for_model(model)
    records = manager.bulk_history_create(
        objects,
        batch_size=BATCH,
        update=not created,
        default_user=user,
        default_change_reason=reason or None,
        default_date=when,
    )
    snapshot_lists(records, model)


def snapshot_lists(records: list, model):
    """Copy each record's object's many-to-many rows into the history tables of that record."""
    historical = get_history_manager_for_model(model).model
    by_object = {getattr(record, model._meta.pk.attname): record for record in records}
    for field in historical._history_m2m_fields:
        through = getattr(model, field.name).through
        owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        history_table = _list_history_model(historical, field.name)
        rows = through.objects.filter(**{f"{owner}__in": list(by_object)}).values_list("pk", owner, target)
        history_table.objects.bulk_create(
            [
                history_table(history=by_object[owner_id], id=pk, **{owner: owner_id, target: target_id})
                for pk, owner_id, target_id in rows
            ],
            batch_size=BATCH,
        )


def _list_history_model(historical, name: str):
    """The table that keeps one list's rows for each history entry (simple-history's Historical<Model>_<list>)."""
    return next(
        relation.related_model
        for relation in historical._meta.related_objects
        if relation.related_model.__name__ == f"{historical.__name__}_{name}"
    )


def lists_of_version(record) -> dict[str, list[int]]:
    """A history entry's lists: list name -> ids of its entries, as they were then."""
    lists = lists_of_entries([record], record.instance_type)[record.history_id]
    return {name: sorted(ids) for name, ids in lists.items()}


def lists_of_entries(entries: list, model) -> dict[int, dict[str, set[int]]]:
    """History entries' lists: history_id -> list name -> ids of its entries then. One query per list."""
    historical = get_history_manager_for_model(model).model
    ids = [entry.history_id for entry in entries]
    lists = {history_id: {field.name: set() for field in historical._history_m2m_fields} for history_id in ids}
    for field in historical._history_m2m_fields:
        target = f"{model._meta.get_field(field.name).m2m_reverse_field_name()}_id"
        rows = _list_history_model(historical, field.name).objects.filter(history_id__in=ids)
        for history_id, target_id in rows.values_list("history_id", target):
            lists[history_id][field.name].add(target_id)
    return lists


class OneEntryPerSave:
    """For a SimpleHistoryAdmin: a save is one history entry for the record and one for each inline record, each
    with its lists, all of the save's date (which ties them together: `changes_in_the_same_save`); reverting to a
    version shows (and so saves) that version's lists."""

    def save_model(self, request, obj, form, change):
        request.history_date = timezone.now()
        obj.skip_history_when_saving = True  # the entry is recorded once the lists are saved (save_related)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        try:
            super().save_related(request, form, formsets, change)
        finally:
            del obj.skip_history_when_saving
        record_history([obj], type(obj), user=request.user, created=not change, when=request.history_date)

    def save_formset(self, request, form, formset, change):
        inline_history = hasattr(formset.model, "history")
        when = request.history_date  # set by save_model, which the admin calls first
        instances = formset.save(commit=False)
        for item in instances:
            if inline_history:
                item.skip_history_when_saving = True
            item.save()
        for item in formset.deleted_objects:
            item._history_date = when  # simple-history records the deletion itself, of this date
            item.delete()
        formset.save_m2m()
        if inline_history:
            new = [item for item in instances if item in formset.new_objects]
            changed = [item for item in instances if item not in formset.new_objects]
            for item in instances:
                del item.skip_history_when_saving
            record_history(new, formset.model, user=request.user, created=True, when=when)
            record_history(changed, formset.model, user=request.user, when=when)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.history_version_id = version_id
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:  # reverted: fields and lists are saved
            reverted = self.model._default_manager.get(pk=object_id)
            record_history([reverted], self.model, user=request.user, reason=f"Reverted to version {version_id}")
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        version_id = getattr(request, "history_version_id", None)
        if version_id is None:
            return form
        record = get_history_manager_for_model(self.model).get(history_id=version_id)
        lists = lists_of_version(record)

        class VersionForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, ids in lists.items():
                    if name in self.fields:
                        self.initial[name] = ids

        return VersionForm


# A save's entries share one date (OneEntryPerSave); older ones, and an import's, were written milliseconds apart.
SAME_SAVE = timedelta(seconds=2)


@dataclass(frozen=True)
class Change:
    """One line of a History page: field "Phone", text "(937) 555-0100 → (937) 555-0199"."""

    field: str
    text: str


ADDED, DELETED = Change("", "Added"), Change("", "Deleted")
GONE = "(an entry since removed from the list of choices)"


class ReadableHistory:
    """For a SimpleHistoryAdmin: each entry its History page lists gets `changes`, what it changed since the entry
    before it, in words (templates/simple_history/object_history_list.html shows them)."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple-history's select_related() of a model's foreign keys, when it has none, forgets the user's.
        return super().get_history_queryset(request, history_manager, pk_name, object_id).select_related("history_user")

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        entries = list(historical_records)
        if not entries:
            return
        earlier = entries[-1].prev_record  # the page's oldest entry is compared with the one before it
        changes = describe(zip(entries, [*entries[1:], earlier], strict=True), self.model)
        for entry in entries:
            entry.changes = changes.get(entry.history_id, [])


def describe(pairs, model) -> dict[int, list[Change]]:
    """What each entry changed since the one before it: history_id -> changes, for (entry, previous entry of the same
    record or None) pairs of `model`'s history. One query per list, and one per vocabulary to name the entries
    added to or removed from a list (or a related record whose id changed)."""
    pairs = [(entry, previous) for entry, previous in pairs if previous is not None and entry.history_type == "~"]
    historical = get_history_manager_for_model(model).model
    fields = [field for field in historical.tracked_fields if not _bookkeeping(field)]
    list_names = [field.name for field in historical._history_m2m_fields]
    lists = lists_of_entries([entry for pair in pairs for entry in pair], model)
    to_name = defaultdict(set)  # related model -> ids whose names a change shows
    found = []
    for entry, previous in pairs:
        differences = [
            (field, getattr(previous, field.attname), getattr(entry, field.attname))
            for field in fields
            if getattr(previous, field.attname) != getattr(entry, field.attname)
        ]
        differences += [
            (model._meta.get_field(name), lists[previous.history_id][name], lists[entry.history_id][name])
            for name in list_names
            if lists[previous.history_id][name] != lists[entry.history_id][name]
        ]
        for field, old, new in differences:
            if field.many_to_many:
                to_name[field.related_model] |= old ^ new
            elif field.is_relation:
                to_name[field.related_model] |= {old, new} - {None}
        found.append((entry, differences))
    names = {related: related._default_manager.in_bulk(ids) for related, ids in to_name.items()}
    return {
        entry.history_id: [
            Change(capfirst(field.verbose_name), _change_text(field, old, new, names))
            for field, old, new in differences
        ]
        for entry, differences in found
    }


def changes_in_the_same_save(entries: list, model, fk: str, label) -> None:
    """Give each entry of one record's History page `related_changes`: [(label(entry), changes)] for the history
    entries of `model` whose foreign key `fk` is that record, written by the same save: by the same user with the
    same reason, within SAME_SAVE of it. One query, and describe's."""
    for entry in entries:
        entry.related_changes = []
    if not entries:
        return
    record_id = getattr(entries[0], entries[0].instance_type._meta.pk.attname)
    newest, oldest = entries[0].history_date, entries[-1].history_date
    history = get_history_manager_for_model(model)
    rows = history.filter(**{f"{fk}_id": record_id}, history_date__lte=newest + SAME_SAVE).order_by("history_date")
    before, pairs, saves = {}, [], {}  # related record's id -> its latest row; (row, previous); history_id -> entry
    for row in rows:
        save = _same_save(row, entries) if row.history_date >= oldest - SAME_SAVE else None
        if save is not None:
            pairs.append((row, before.get(row.id)))
            saves[row.history_id] = save
        before[row.id] = row
    changes = describe(pairs, model)
    by_save = defaultdict(lambda: defaultdict(list))  # entry -> related record's id -> its rows in that save
    for row, _previous in pairs:
        by_save[saves[row.history_id]][row.id].append(row)
    for entry, records in by_save.items():
        for rows in records.values():
            types = {row.history_type for row in rows}
            found = [ADDED] if "+" in types else [DELETED] if "-" in types else []
            found = found or [change for row in rows for change in changes.get(row.history_id, [])]
            if found:
                entry.related_changes.append((label(rows[-1]), found))
        entry.related_changes.sort(key=lambda related: related[0])


def _same_save(row, entries):
    """The entry, of those given, written by the same save as `row`: the nearest by the same user with the same
    reason, within SAME_SAVE; or None."""
    candidates = [
        entry
        for entry in entries
        if entry.history_user_id == row.history_user_id
        and (entry.history_change_reason or "") == (row.history_change_reason or "")
        and abs(entry.history_date - row.history_date) <= SAME_SAVE
    ]
    return min(candidates, key=lambda entry: abs(entry.history_date - row.history_date), default=None)


def _bookkeeping(field) -> bool:
    """The id and the automatic timestamps: not something a person changed."""
    return field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _change_text(field, old, new, names) -> str:
    """Old → new ("(937) 555-0100 → (937) 555-0199"); for a list, what was added and removed, by full name
    ("+ Motivational interviewing, − Acupuncture")."""
    if field.many_to_many:
        named = {pk: str(entry) for pk, entry in names[field.related_model].items()}
        added = sorted(named.get(pk, GONE) for pk in new - old)
        removed = sorted(named.get(pk, GONE) for pk in old - new)
        return ", ".join(
            [*(f"+\N{NO-BREAK SPACE}{name}" for name in added), *(f"−\N{NO-BREAK SPACE}{name}" for name in removed)]
        )
    return f"{_value_text(field, old, names)} → {_value_text(field, new, names)}"


def _value_text(field, value, names) -> str:
    """A field's value as the admin form shows it: a choice's label, Yes/No, "Not reported", "Nov 3, 2026"."""
    if value is None or value == "":
        unreported = isinstance(field, models.BooleanField | models.DecimalField | models.IntegerField)
        return NOT_REPORTED if unreported else "—"
    if field.is_relation:
        return str(names[field.related_model].get(value, value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, date):
        return day_text(value)
    return str(value)
