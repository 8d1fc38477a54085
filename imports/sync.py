"""Apply an outside source's listings to the database without overwriting a curator's work.

Each imported facility keeps, in `source_values`, what the source said last time. A field is
updated only while the stored value still equals what the source said (nobody changed it since);
a field a curator changed is kept and reported as a conflict whenever the source says otherwise.
Everything is written in bulk: a re-import of an unchanged file reads the database and writes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from facilities.models import Facility
from imports.records import Listing, ProgramListing
from programs.models import Program, Therapy

BATCH = 1000
NOT_TRACKED = object()  # no earlier value from the source: the current value is the curator's


@dataclass
class Conflict:
    facility: str
    field: str
    source_value: object
    curated_value: object

    def __str__(self):
        return (
            f"{self.facility}: {self.field}: directory says {self.source_value!r}, "
            f"curated value is {self.curated_value!r}"
        )


@dataclass
class SyncSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    dropped_programs: list[str] = field(default_factory=list)


def jsonable(value):
    """The form a value is stored and compared in: JSON-safe and stable across databases."""
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return round(value, 7)
    if isinstance(value, str):
        return str(value)  # a TextChoices member compares and prints as its plain value
    return value


def merge(base, current, new) -> tuple[object, bool]:
    """Three-way merge of one field: (value to keep, whether it is a conflict)."""
    if current == new:
        return current, False
    if base is not NOT_TRACKED and current == base:
        return new, False  # nobody touched it since the last import: follow the source
    return current, True


def sync_listings(
    listings: list[Listing],
    *,
    source: str,
    reason: str,
    user=None,
    unpublish_missing: bool = False,
    dry_run: bool = False,
) -> SyncSummary:
    """Create, update and (optionally) unpublish facilities from one whole edition of a source, atomically."""
    with transaction.atomic():
        summary = _Sync(source=source, reason=reason, user=user).run(listings, unpublish_missing=unpublish_missing)
        if dry_run:
            transaction.set_rollback(True)
    return summary


class _Sync:
    def __init__(self, *, source: str, reason: str, user):
        self.source, self.reason, self.user = source, reason, user
        self.summary = SyncSummary()
        self.vocab_ids = {
            name: dict(Facility._meta.get_field(name).related_model.objects.values_list("slug", "pk"))
            for name in Facility.VOCABULARY_FIELDS
        }
        self.therapy_ids = dict(Therapy.objects.values_list("slug", "pk"))

    # -- reading the current state in a handful of queries -----------------------------------
    def load(self):
        self.facilities = {f.source_id: f for f in Facility.objects.filter(source=self.source).exclude(source_id="")}
        self.current_vocab = {name: defaultdict(set) for name in Facility.VOCABULARY_FIELDS}
        for name in Facility.VOCABULARY_FIELDS:
            through = Facility._meta.get_field(name).remote_field.through
            target = Facility._meta.get_field(name).m2m_reverse_field_name()
            rows = through.objects.filter(facility__source=self.source).values_list("facility_id", f"{target}__slug")
            for facility_id, slug in rows:
                self.current_vocab[name][facility_id].add(slug)
        self.programs = {p.pk: p for p in Program.objects.filter(facility__source=self.source)}
        self.programs_by_facility = defaultdict(list)
        for program in self.programs.values():
            self.programs_by_facility[program.facility_id].append(program)
        self.current_therapies = defaultdict(set)
        rows = Program.therapies.through.objects.filter(program__facility__source=self.source)
        for program_id, slug in rows.values_list("program_id", "therapy__slug"):
            self.current_therapies[program_id].add(slug)

    def run(self, listings: list[Listing], *, unpublish_missing: bool) -> SyncSummary:
        self.load()
        self.facility_updates: dict[int, Facility] = {}
        self.facility_update_fields: set[str] = set()
        self.program_updates: dict[int, Program] = {}
        self.program_update_fields: set[str] = set()
        self.m2m_add, self.m2m_remove = defaultdict(list), defaultdict(list)  # field -> [(owner id, target id)]
        self.new_programs: list[tuple[Facility, ProgramListing]] = []
        new_listings = []
        for listing in listings:
            facility = self.facilities.get(listing.key)
            if facility is None:
                new_listings.append(listing)
            elif self.update(facility, listing):
                self.summary.updated += 1
            else:
                self.summary.unchanged += 1
        self.create(new_listings)
        self.write_updates()
        self.handle_missing({listing.key for listing in listings}, unpublish_missing)
        return self.summary

    # -- updates ---------------------------------------------------------------------------------
    def update(self, facility: Facility, listing: Listing) -> bool:
        base = facility.source_values or {}
        new_base = {"fields": {}, "vocabularies": {}, "programs": {}}
        changed = False
        for name, new in listing.fields.items():
            new = jsonable(new)
            current = jsonable(getattr(facility, name))
            value, conflict = merge(base.get("fields", {}).get(name, NOT_TRACKED), current, new)
            new_base["fields"][name] = new
            if conflict:
                self.summary.conflicts.append(Conflict(str(facility), name, new, current))
            elif value != current:
                setattr(facility, name, value)
                self.facility_update_fields.add(name)
                changed = True
        for name, new in listing.vocabularies.items():
            current = sorted(self.current_vocab[name][facility.pk])
            value, conflict = merge(base.get("vocabularies", {}).get(name, NOT_TRACKED), current, new)
            new_base["vocabularies"][name] = new
            if conflict:
                self.summary.conflicts.append(Conflict(str(facility), name, new, current))
            elif value != current:
                self.queue_m2m(name, facility.pk, set(current), set(value), self.vocab_ids[name])
                changed = True
        changed |= self.update_programs(facility, listing, base.get("programs", {}), new_base["programs"])
        if changed:
            self.facility_updates[facility.pk] = facility
        if new_base != base:
            facility.source_values = new_base
            self.facility_updates[facility.pk] = facility
            self.facility_update_fields.add("source_values")
        return changed

    def update_programs(self, facility: Facility, listing: Listing, base: dict, new_base: dict) -> bool:
        changed = False
        for program_listing in listing.programs:
            tracked = base.get(program_listing.type)
            program = self.programs.get(tracked["pk"]) if tracked else None
            if tracked and program is None:
                self.summary.conflicts.append(
                    Conflict(str(facility), f"{program_listing.type} program", "listed", "removed in admin")
                )
                new_base[program_listing.type] = tracked
                continue
            if program is None:
                program = next(
                    (p for p in self.programs_by_facility[facility.pk] if p.type == program_listing.type), None
                )
                if program is None:
                    self.new_programs.append((facility, program_listing))
                    new_base[program_listing.type] = None  # filled in once the program exists
                    changed = True
                    continue
                tracked = {"fields": {}, "therapies": NOT_TRACKED}  # a curator's own program: never overwritten
            changed |= self.merge_program(facility, program, program_listing, tracked)
            new_base[program_listing.type] = _program_base(program.pk, program_listing)
        for program_type in set(base) - {p.type for p in listing.programs}:
            self.summary.dropped_programs.append(
                f"{facility}: the directory no longer lists its {program_type} program"
            )
        return changed

    def merge_program(self, facility: Facility, program: Program, listing: ProgramListing, tracked: dict) -> bool:
        changed = False
        label = f"{listing.type} program"
        for name, new in listing.fields.items():
            new = jsonable(new)
            current = jsonable(getattr(program, name))
            value, conflict = merge(tracked["fields"].get(name, NOT_TRACKED), current, new)
            if conflict:
                self.summary.conflicts.append(Conflict(str(facility), f"{label} {name}", new, current))
            elif value != current:
                setattr(program, name, value)
                self.program_updates[program.pk] = program
                self.program_update_fields.add(name)
                changed = True
        current = sorted(self.current_therapies[program.pk])
        value, conflict = merge(tracked.get("therapies", NOT_TRACKED), current, listing.therapies)
        if conflict:
            self.summary.conflicts.append(Conflict(str(facility), f"{label} therapies", listing.therapies, current))
        elif value != current:
            self.queue_m2m("therapies", program.pk, set(current), set(value), self.therapy_ids)
            changed = True
        return changed

    def queue_m2m(self, name: str, owner_id: int, current: set[str], wanted: set[str], ids: dict[str, int]):
        self.m2m_add[name] += [(owner_id, ids[slug]) for slug in wanted - current if slug in ids]
        self.m2m_remove[name] += [(owner_id, ids[slug]) for slug in current - wanted if slug in ids]

    # -- creation --------------------------------------------------------------------------------
    def create(self, listings: list[Listing]):
        taken = set(Facility.objects.values_list("slug", flat=True))
        facilities = []
        for listing in listings:
            facility = Facility(source=self.source, source_id=listing.key, **listing.defaults, **listing.fields)
            facility.slug = facility.unique_slug(taken=taken)
            facility.source_values = {
                "fields": {name: jsonable(value) for name, value in listing.fields.items()},
                "vocabularies": dict(listing.vocabularies),
                "programs": {},
            }
            facilities.append(facility)
        created = bulk_create_with_history(
            facilities, Facility, batch_size=BATCH, default_user=self.user, default_change_reason=self.reason
        )
        for facility, listing in zip(created, listings, strict=True):
            for name, slugs in listing.vocabularies.items():
                self.queue_m2m(name, facility.pk, set(), set(slugs), self.vocab_ids[name])
            self.new_programs += [(facility, program) for program in listing.programs]
        self.summary.created = len(created)

    def create_programs(self):
        if not self.new_programs:
            return
        programs = [Program(facility=facility, type=p.type, **p.fields) for facility, p in self.new_programs]
        created = bulk_create_with_history(
            programs, Program, batch_size=BATCH, default_user=self.user, default_change_reason=self.reason
        )
        for program, (facility, listing) in zip(created, self.new_programs, strict=True):
            self.queue_m2m("therapies", program.pk, set(), set(listing.therapies), self.therapy_ids)
            facility.source_values.setdefault("programs", {})[listing.type] = _program_base(program.pk, listing)
            self.facility_updates[facility.pk] = facility
            self.facility_update_fields.add("source_values")

    # -- writing -----------------------------------------------------------------------------------
    def write_updates(self):
        self.create_programs()
        if self.program_updates:
            self.save_with_history(list(self.program_updates.values()), Program, self.program_update_fields)
        if self.facility_updates:
            facilities = list(self.facility_updates.values())
            if self.facility_update_fields - {"source_values"}:
                self.save_with_history(facilities, Facility, self.facility_update_fields)
            else:  # only the record of what the source said changed: no history entry for that
                Facility.objects.bulk_update(facilities, ["source_values"], batch_size=BATCH)
        for name in (*Facility.VOCABULARY_FIELDS, "therapies"):
            model = Program if name == "therapies" else Facility
            m2m = model._meta.get_field(name)
            through = m2m.remote_field.through
            owner, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
            for owner_id, target_id in self.m2m_remove[name]:
                through.objects.filter(**{owner: owner_id, target: target_id}).delete()
            through.objects.bulk_create(
                [through(**{owner: owner_id, target: target_id}) for owner_id, target_id in self.m2m_add[name]],
                batch_size=BATCH,
                ignore_conflicts=True,
            )

    def handle_missing(self, keys: set[str], unpublish: bool):
        missing = [f for key, f in self.facilities.items() if key not in keys and f.is_published]
        self.summary.missing = [f"{f} [{f.source_id}]" for f in missing]
        if unpublish and missing:
            for facility in missing:
                facility.is_published = False
            self.save_with_history(missing, Facility, {"is_published"}, reason=f"{self.reason}: not in this edition")
            self.summary.unpublished = len(missing)

    def save_with_history(self, objects: list, model, fields: set[str], reason: str | None = None):
        """One bulk UPDATE of the given fields (and updated_at), with one history entry per object."""
        now = timezone.now()
        for item in objects:
            item.updated_at = now
        bulk_update_with_history(
            objects,
            model,
            [*fields, "updated_at"],
            batch_size=BATCH,
            default_user=self.user,
            default_change_reason=reason or self.reason,
        )


def _program_base(pk: int, listing: ProgramListing) -> dict:
    return {
        "pk": pk,
        "fields": {name: jsonable(value) for name, value in listing.fields.items()},
        "therapies": list(listing.therapies),
    }
