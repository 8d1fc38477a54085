"""A curator's review of a program's update: each changed field old → new, and applying the ones chosen.

Applied fields are written with a history entry per record (the curator's, naming the program's link), dated
"reported by the program" on the day it was sent (programs.freshness.stamp), and the listing counts as verified
that day.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from facilities.history import save_with_history
from facilities.models import Facility, PaymentOption
from programs.freshness import Confirmation, day_text, stamp
from programs.models import Program, Therapy, number_text
from updates.forms import RANGE_LABELS, program_title
from updates.models import ProposedUpdate

LABELS = {
    **RANGE_LABELS,
    "daytime": "Daytime sessions",
    "evening": "Evening sessions",
    "weekend": "Weekend sessions",
    "accepting": "New patients",
    "waitlist_weeks": "Waitlist, about how many weeks",
    "therapies": "Therapies",
    "phone": "Main phone",
    "intake_phone": "Intake phone",
    "website": "Website",
    "payment_options": "Payment accepted",
}
LISTS = {"therapies": Therapy, "payment_options": PaymentOption}


class CannotApply(Exception):
    """The update cannot be applied or rejected as asked; the message says why, for the curator."""


@dataclass
class Row:
    key: str  # the public form's field name: "facility-phone", "program-12-weekly_hours_min"
    field: str
    label: str
    current: str
    proposed: str


@dataclass
class Part:
    """The facility's part of the update, or one program's."""

    title: str
    prefix: str
    record: Facility | Program | None  # None: the program was deleted after the update was sent
    proposed: dict = field(default_factory=dict)  # field -> value as the model holds it (lists: sets of slugs)
    changed: list[Row] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # fields the program confirmed as they are

    @property
    def unchanged_labels(self) -> str:
        return "; ".join(LABELS[name] for name in self.unchanged)


def parts_of(update: ProposedUpdate) -> list[Part]:
    """The update compared with the listing as it is now: the facility's part, then each program's, in the
    order the program saw them. Four queries (the facility and its payment, the programs and their therapies),
    and two for the lists' names."""
    data = update.data
    facility = Facility.objects.prefetch_related("payment_options").get(pk=update.facility_id)
    ids = [item["id"] for item in data.get("programs", [])]
    programs = Program.objects.filter(facility=facility, pk__in=ids).prefetch_related("therapies").in_bulk()
    names = {name: dict(model.objects.values_list("slug", "name")) for name, model in LISTS.items()}
    parts = [compare(Part("Phones, website and payment", "facility", facility), data.get("facility", {}), names)]
    for item in data.get("programs", []):
        program = programs.get(item["id"])
        title = item["label"] if program is None else program_title(program)
        parts.append(compare(Part(title, f"program-{item['id']}", program), item["values"], names))
    return parts


def compare(part: Part, sent: dict, names: dict) -> Part:
    if part.record is None:
        return part
    model = type(part.record)
    for name, value in sent.items():
        if name not in LABELS:
            continue
        proposed, current = model_value(model, name, value), current_value(part.record, name)
        part.proposed[name] = proposed
        if proposed == current:
            part.unchanged.append(name)
            continue
        shown = [text(model, name, item, names) for item in (current, proposed)]
        part.changed.append(Row(f"{part.prefix}-{name}", name, LABELS[name], *shown))
    return part


def model_value(model, name: str, value):
    """A value from ProposedUpdate.data as the model holds it."""
    if model._meta.get_field(name).many_to_many:
        return set(value or ())
    if value is not None and isinstance(model._meta.get_field(name), models.DecimalField):
        return Decimal(value)
    return value


def current_value(record, name: str):
    """The listing's value now (a list as the set of its slugs; prefetched, or one query)."""
    if record._meta.get_field(name).many_to_many:
        return {item.slug for item in getattr(record, name).all()}
    return getattr(record, name)


def text(model, name: str, value, names: dict) -> str:
    """A value as the curator reads it in the review."""
    model_field = model._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(sorted(names[name].get(slug, slug) for slug in value)) or "None"
    if value is None:
        return "Not reported"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return number_text(value)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    return str(value) if value != "" else "(empty)"


def apply(update: ProposedUpdate, chosen: set[str], *, user, confirm_unchanged: bool = True) -> list[str]:
    """Write the chosen changes (by Row.key) to the listing; with `confirm_unchanged`, date the facts the program
    confirmed unchanged too, except in a group where the curator turned a change down. Returns what was skipped
    (programs deleted since). CannotApply when it was reviewed already, nothing is chosen or a range would break."""
    with transaction.atomic():
        update = ProposedUpdate.objects.select_for_update().select_related("facility").get(pk=update.pk)
        if update.status != ProposedUpdate.Status.PENDING:
            raise CannotApply(f"This update was already reviewed: {update.get_status_display().lower()}.")
        day, declined, skipped, plans = update.submitted_on, False, [], []
        for part in parts_of(update):
            if part.record is None:
                skipped.append(part.title)
                declined = True
                continue
            changed = {row.field for row in part.changed}
            taken = {row.field for row in part.changed if row.key in chosen}
            declined |= taken != changed
            confirmed = set(part.unchanged) if confirm_unchanged else set()
            for prefix, facts in type(part.record).CONFIRMED.items():
                # Not for a group with a change turned down (it is not the program's report), nor one confirmed
                # after this report was sent.
                confirmed_later = (getattr(part.record, f"{prefix}_as_of") or day) > day
                if set(facts) & (changed - taken) or confirmed_later:
                    confirmed -= set(facts)
            plans.append((part, taken, confirmed))
        if not any(taken or confirmed for _part, taken, confirmed in plans):
            raise CannotApply("Nothing was ticked. Tick the changes to apply, or reject the update.")
        reason = f"Reported by the program via update link on {day_text(day)}; applied by {user.get_username()}"
        for part, taken, confirmed in plans:
            extra = []
            if isinstance(part.record, Facility) and (part.record.verified_on is None or part.record.verified_on < day):
                part.record.verified_on = day  # the program's report counts as verifying the listing
                extra.append("verified_on")
            write(part, taken, confirmed, extra, day=day, user=user, reason=reason)
        update.status = ProposedUpdate.Status.PARTLY_APPLIED if declined else ProposedUpdate.Status.APPLIED
        update.reviewed_by, update.reviewed_at = user, timezone.now()
        update.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return skipped


def write(part: Part, taken: set[str], confirmed: set[str], extra: list[str], *, day, user, reason: str):
    """One record: its chosen fields and lists, the dates of the facts the program reported, one history entry (none
    when nothing of it changes)."""
    record, model = part.record, type(part.record)
    scalars = sorted(name for name in taken if name not in LISTS)
    for name in scalars:
        setattr(record, name, part.proposed[name])
    try:
        record.clean()
    except ValidationError as error:
        problems = "; ".join(
            f"{LABELS.get(name, name)}: {' '.join(texts)}" for name, texts in error.message_dict.items()
        )
        raise CannotApply(f"{part.title}: {problems} Apply both ends of a range, or neither.") from error
    stamped = stamp(record, taken | confirmed, Confirmation.PROGRAM, day)
    if not (taken or stamped or extra):
        return  # nothing of this record changes: no history entry
    record.skip_history_when_saving = True  # the lists go into the one entry below, not one entry each
    try:
        for name in sorted(taken & set(LISTS)):
            getattr(record, name).set(LISTS[name].objects.filter(slug__in=part.proposed[name]))
    finally:
        del record.skip_history_when_saving
    save_with_history([record], model, [*scalars, *stamped, *extra], user=user, reason=reason)


def reject(update: ProposedUpdate, *, user):
    """Mark it rejected: the listing does not change."""
    with transaction.atomic():
        update = ProposedUpdate.objects.select_for_update().get(pk=update.pk)
        if update.status != ProposedUpdate.Status.PENDING:
            raise CannotApply(f"This update was already reviewed: {update.get_status_display().lower()}.")
        update.status = ProposedUpdate.Status.REJECTED
        update.reviewed_by, update.reviewed_at = user, timezone.now()
        update.save(update_fields=["status", "reviewed_by", "reviewed_at"])
