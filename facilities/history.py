"""Bulk writes that keep the curators' history: one UPDATE per batch, one history entry per record."""

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

BATCH = 1000


def save_with_history(objects: list, model, fields, *, user=None, reason: str = "") -> int:
    """Write the given fields (and a fresh `updated_at`) of each object, each with a history entry by `user`.

    bulk_update skips auto_now, so `updated_at` is stamped here: the listing's "last updated" stays true.
    """
    now = timezone.now()
    for item in objects:
        item.updated_at = now
    bulk_update_with_history(
        objects,
        model,
        [*fields, "updated_at"],
        batch_size=BATCH,
        default_user=user,
        default_change_reason=reason,
    )
    return len(objects)
