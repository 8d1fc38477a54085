"""The curators' history, complete: one entry per write, with the record's fields and its lists as they are after it.

django-simple-history records an entry on save and snapshots the many-to-many lists (a facility's payment, a
program's therapies) into it; but its bulk writes leave the lists out (so a later entry seems to empty them), and
an admin save records the fields before the lists are saved, then one more entry per list changed. Here:
- `save_with_history`: bulk UPDATE, then `record_history`: one entry per record, lists included.
- `OneEntryPerSave`: an admin whose save (the record, its lists, its inline programs) is one entry each, and
  whose "revert to this version" restores the version's lists too.
"""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

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


def record_history(objects: list, model, *, user=None, reason: str = "", created: bool = False):
    """One history entry per object as it is now ("+" when `created`), its lists included: one INSERT per
    list for all of them, after one query per list to read them."""
    if not objects:
        return
    manager = get_history_manager_for_model(model)
    records = manager.bulk_history_create(
        objects, batch_size=BATCH, update=not created, default_user=user, default_change_reason=reason or None
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
    model = record.instance_type
    lists = {}
    for field in record._history_m2m_fields:
        target = f"{model._meta.get_field(field.name).m2m_reverse_field_name()}_id"
        lists[field.name] = list(getattr(record, field.name).values_list(target, flat=True))
    return lists


class OneEntryPerSave:
    """For a SimpleHistoryAdmin: a save is one history entry for the record and one for each inline record, each
    with its lists; reverting to a version shows (and so saves) that version's lists."""

    def save_model(self, request, obj, form, change):
        obj.skip_history_when_saving = True  # the entry is recorded once the lists are saved (save_related)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        try:
            super().save_related(request, form, formsets, change)
        finally:
            del obj.skip_history_when_saving
        record_history([obj], type(obj), user=request.user, created=not change)

    def save_formset(self, request, form, formset, change):
        inline_history = hasattr(formset.model, "history")
        instances = formset.save(commit=False)
        for item in instances:
            if inline_history:
                item.skip_history_when_saving = True
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()
        if inline_history:
            new = [item for item in instances if item in formset.new_objects]
            changed = [item for item in instances if item not in formset.new_objects]
            for item in instances:
                del item.skip_history_when_saving
            record_history(new, formset.model, user=request.user, created=True)
            record_history(changed, formset.model, user=request.user)

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
