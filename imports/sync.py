"""The one writer every import goes through: Listings in; facilities, programs and their lists out.

Its policy (imports.policies) says which facility a listing updates and who wins a difference:
`FollowSource` for the national directory, `Overwrite` for IOP Finder's CSV. Nothing is ever deleted.
Everything is written in bulk: re-importing unchanged listings reads the database and writes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from facilities.history import BATCH, record_history, save_with_history
from facilities.models import Facility
from imports.policies import (
    ADDED_SINCE,
    NOT_TRACKED,
    SOURCE_WINS,
    FollowSource,
    Overwrite,
    jsonable,
    listing_base,
    merge,
    program_base,
)
from imports.records import Listing, ProgramListing
from programs.models import Program, Therapy

LIST_SEPARATOR = "|"
MANY_PLACES = 1000  # more places moved or added than this: redo every listing's listed_first (one pass, no IN list)
LISTS = (*Facility.VOCABULARY_FIELDS, "therapies")


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
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0
    changes: list[str] = field(default_factory=list)  # "slug: what changed", for a preview
    updates: list[str] = field(default_factory=list)  # the changes to facilities that were there before
    conflicts: list[Conflict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    dropped_programs: list[str] = field(default_factory=list)

    def __str__(self):
        return f"Created {self.created:,}, updated {self.updated:,}, unchanged {self.unchanged:,}"


def text(value) -> str:
    """A value as the CSV format and the change notes write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_listings(
    listings: list[Listing],
    *,
    policy: FollowSource | Overwrite,
    reason: str,
    user=None,
    unpublish_missing: bool = False,
    dry_run: bool = False,
) -> Summary:
    """Create and update facilities from listings under a policy, atomically; with `unpublish_missing`,
    unpublish the facilities the policy covers that the listings leave out."""
    with transaction.atomic():
        policy.check(listings)
        writer = _Writer(policy, reason=reason, user=user)
        summary = writer.run(listings, unpublish_missing=unpublish_missing)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _section(base: dict | None, name: str) -> dict | None:
    return None if base is None else base.get(name) or {}


def _tracked(section: dict | None, name: str):
    """What the source said of a value last time, or SOURCE_WINS when the policy does not ask."""
    if section is None:
        return SOURCE_WINS
    if name in section:
        return section[name]
    return ADDED_SINCE if section else NOT_TRACKED  # {}: a curator's own program, every value theirs


def _through(name: str):
    """The through model of one of the lists, its owner column ("facility_id") and its target field ("language")."""
    m2m = (Program if name == "therapies" else Facility)._meta.get_field(name)
    return m2m.remote_field.through, f"{m2m.m2m_field_name()}_id", m2m.m2m_reverse_field_name()


class _Writer:
    def __init__(self, policy: FollowSource | Overwrite, *, reason: str, user):
        self.policy, self.reason, self.user = policy, reason, user
        self.summary = Summary()
        self.target_ids = {
            name: dict(Facility._meta.get_field(name).related_model.objects.values_list("slug", "pk"))
            for name in Facility.VOCABULARY_FIELDS
        }
        self.target_ids["therapies"] = dict(Therapy.objects.values_list("slug", "pk"))
        self.changed_facilities: dict[int, Facility] = {}  # own fields or lists changed: a history entry
        self.facility_fields: set[str] = set()
        self.rebased: dict[int, Facility] = {}  # only what the source said changed: no history entry
        self.changed_programs: dict[int, Program] = {}
        self.program_fields: set[str] = set()
        self.new_programs: list[tuple[Facility, ProgramListing]] = []
        self.m2m_add: dict[str, list[tuple[int, int]]] = defaultdict(list)  # list -> [(owner id, target id)]
        self.m2m_remove: dict[str, list[int]] = defaultdict(list)  # list -> [through row id]
        self.created_facilities: list[Facility] = []
        self.created_programs: list[Program] = []
        self.place_keys: set[str] = set()  # of listings created or moved: their places' listed_first is redone

    def load(self, listings: list[Listing]):
        """The current state of every facility the policy covers, in a fixed number of queries."""
        scope = self.policy.scope(listings)
        self.facilities = {self.policy.key(facility): facility for facility in scope}
        self.programs_by_facility: dict[int, list[Program]] = defaultdict(list)
        for program in Program.objects.filter(facility__in=scope.values("pk")).order_by_level():
            self.programs_by_facility[program.facility_id].append(program)
        self.current: dict[str, dict[int, dict[str, int]]] = {}  # list -> owner id -> {slug: through row id}
        for name in LISTS:
            through, owner, target = _through(name)
            owners = {"program__facility__in" if name == "therapies" else "facility__in": scope.values("pk")}
            self.current[name] = defaultdict(dict)
            for pk, owner_id, slug in through.objects.filter(**owners).values_list("pk", owner, f"{target}__slug"):
                self.current[name][owner_id][slug] = pk

    def run(self, listings: list[Listing], *, unpublish_missing: bool) -> Summary:
        self.load(listings)
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
        self.write()
        self.handle_missing({listing.key for listing in listings}, unpublish_missing)
        return self.summary

    # -- updates -----------------------------------------------------------------------------------
    def update(self, facility: Facility, listing: Listing) -> bool:
        base = (facility.source_values or {}) if self.policy.tracks_source else None
        changed = self.update_fields(facility, facility, listing.fields, _section(base, "fields"), "")
        self.facility_fields.update(name for name, _ in changed)
        if facility.place_key != facility.same_place_key():  # its name, street or ZIP changed
            self.place_keys.update({facility.place_key, facility.same_place_key()})
            facility.place_key = facility.same_place_key()
            self.facility_fields.add("place_key")
        notes = [f"{name} {text(old)!r} → {text(getattr(facility, name))!r}" for name, old in changed]
        vocabularies = _section(base, "vocabularies")
        for name, new in listing.vocabularies.items():
            current = self.current[name][facility.pk]
            if self.update_list(facility, name, facility.pk, new, _tracked(vocabularies, name), name):
                notes.append(f"{name} {LIST_SEPARATOR.join(sorted(current))!r} → {LIST_SEPARATOR.join(new)!r}")
        if notes:
            self.changed_facilities[facility.pk] = facility
        new_base = listing_base(listing)
        notes += self.update_programs(facility, listing, _section(base, "programs"), new_base["programs"])
        if base is not None and new_base != base:
            facility.source_values = new_base
            self.rebased[facility.pk] = facility
        if notes:
            self.summary.changes.append(f"{facility.slug}: {'; '.join(notes)}")
            self.summary.updates.append(self.summary.changes[-1])
        return bool(notes)

    def update_fields(self, facility: Facility, item, values: dict, tracked: dict | None, label: str) -> list:
        """Set each value of a facility or program the policy lets through; returns [(name, old value)]."""
        changed = []
        for name, new in values.items():
            current = getattr(item, name)
            value, conflict = merge(_tracked(tracked, name), jsonable(current), jsonable(new))
            if conflict:
                self.summary.conflicts.append(
                    Conflict(str(facility), f"{label}{name}", jsonable(new), jsonable(current))
                )
            elif value != jsonable(current):
                setattr(item, name, new)
                changed.append((name, current))
        return changed

    def update_list(self, facility: Facility, name: str, owner_id: int, new: list[str], tracked, label: str) -> bool:
        """Queue the rows that make one list say what the policy lets through; whether it changes."""
        current = self.current[name][owner_id]
        value, conflict = merge(tracked, sorted(current), new)
        if conflict:
            self.summary.conflicts.append(Conflict(str(facility), label, new, sorted(current)))
        elif value != sorted(current):
            self.queue_m2m(name, owner_id, current, value)
            return True
        return False

    def update_programs(self, facility: Facility, listing: Listing, tracked: dict | None, new_base: dict) -> list[str]:
        notes = []
        pairs = self.policy.pair_programs(listing, self.programs_by_facility[facility.pk], tracked)
        for item, program, known in pairs:
            if program is None and known is not None:
                self.summary.conflicts.append(
                    Conflict(str(facility), f"{item.type} program", "listed", "removed in admin")
                )
                new_base[item.type] = known
            elif program is None:
                self.new_programs.append((facility, item))
                new_base[item.type] = None  # filled in once the program exists
                notes.append(f"new {item.type} program")
            else:
                notes += self.update_program(facility, program, item, known)
                new_base[item.type] = program_base(program.pk, item)
        for program_type in set(tracked or ()) - {item.type for item in listing.programs}:
            self.summary.dropped_programs.append(
                f"{facility}: the directory no longer lists its {program_type} program"
            )
        return notes

    def update_program(self, facility: Facility, program: Program, item: ProgramListing, known: dict | None) -> list:
        """`known`: what the source said of this program last time; None when the policy lets the listing win."""
        label = f"{item.type} program"
        fields = self.update_fields(facility, program, item.fields, _section(known, "fields"), f"{label} ")
        changed = [name for name, _ in fields]
        if changed:
            self.changed_programs[program.pk] = program
            self.program_fields.update(changed)
        therapies = _tracked(known, "therapies")
        if self.update_list(facility, "therapies", program.pk, item.therapies, therapies, f"{label} therapies"):
            changed.append("therapies")
            self.changed_programs[program.pk] = program  # a history entry, with its therapies as they are now
        return [f"{label} {', '.join(changed)}"] if changed else []

    def queue_m2m(self, name: str, owner_id: int, current: dict[str, int], wanted: list[str]):
        ids, keep = self.target_ids[name], set(wanted)
        self.m2m_add[name] += [(owner_id, ids[slug]) for slug in sorted(keep - set(current)) if slug in ids]
        self.m2m_remove[name] += [row for slug, row in current.items() if slug not in keep]

    # -- creation ----------------------------------------------------------------------------------
    def create(self, listings: list[Listing]):
        # Their history entries are recorded in write(), once their lists and programs exist.
        created = Facility.objects.bulk_create(self.policy.new_facilities(listings), batch_size=BATCH)
        self.created_facilities = created
        self.place_keys.update(facility.place_key for facility in created)
        for facility, listing in zip(created, listings, strict=True):
            for name, slugs in listing.vocabularies.items():
                self.queue_m2m(name, facility.pk, {}, slugs)
            self.new_programs += [(facility, program) for program in listing.programs]
            self.summary.changes.append(f"{facility.slug}: new facility with {len(listing.programs)} program(s)")
        self.summary.created = len(created)

    def create_programs(self):
        programs = [Program(facility=facility, type=item.type, **item.fields) for facility, item in self.new_programs]
        created = Program.objects.bulk_create(programs, batch_size=BATCH)
        self.created_programs = created
        for program, (facility, item) in zip(created, self.new_programs, strict=True):
            self.queue_m2m("therapies", program.pk, {}, item.therapies)
            if self.policy.tracks_source:
                facility.source_values.setdefault("programs", {})[item.type] = program_base(program.pk, item)
                self.rebased[facility.pk] = facility

    # -- writing -----------------------------------------------------------------------------------
    def write(self):
        """Programs, lists, then the rows with their history entries: each entry sees the lists as written."""
        self.create_programs()
        self.write_m2m()
        history = {"user": self.user, "reason": self.reason}
        record_history(self.created_facilities, Facility, created=True, **history)
        record_history(self.created_programs, Program, created=True, **history)
        if self.changed_programs:
            save_with_history(list(self.changed_programs.values()), Program, self.program_fields, **history)
        tracking = ["source_values"] if self.policy.tracks_source else []
        if self.changed_facilities:
            facilities = list(self.changed_facilities.values())
            save_with_history(facilities, Facility, [*self.facility_fields, *tracking], **history)
        rebased = [facility for pk, facility in self.rebased.items() if pk not in self.changed_facilities]
        if rebased:
            Facility.objects.bulk_update(rebased, ["source_values"], batch_size=BATCH)
        if "is_published" in self.facility_fields:  # a listing published or not changes its place's first listing
            self.place_keys.update(facility.place_key for facility in self.changed_facilities.values())
        if self.place_keys:
            many = len(self.place_keys) > MANY_PLACES
            Facility.objects.mark_first_listings(None if many else self.place_keys)

    def write_m2m(self):
        for name in LISTS:
            through, owner, target = _through(name)
            removed = self.m2m_remove[name]
            for start in range(0, len(removed), BATCH):
                through.objects.filter(pk__in=removed[start : start + BATCH]).delete()
            through.objects.bulk_create(
                [through(**{owner: owner_id, f"{target}_id": target_id}) for owner_id, target_id in self.m2m_add[name]],
                batch_size=BATCH,
            )

    def handle_missing(self, keys: set[str], unpublish: bool):
        missing = [f for key, f in self.facilities.items() if key not in keys and f.is_published]
        self.summary.missing = [f"{f} [{self.policy.key(f)}]" for f in missing]
        if unpublish and missing:
            for facility in missing:
                facility.is_published = False
            reason = f"{self.reason}: not in this edition"
            save_with_history(missing, Facility, ["is_published"], user=self.user, reason=reason)
            Facility.objects.mark_first_listings({facility.place_key for facility in missing})
            self.summary.unpublished = len(missing)
