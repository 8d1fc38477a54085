"""HSDS ids: every object IOP Finder publishes has a UUID that stays the same and says where it comes from.

HSDS 3.0 asks for a UUID per object. An organization, location, service or service-at-location id is a version 8
UUID (RFC 9562, whose layout is left to the maker) built from the row's own number, so it needs no column, stays
the same as long as the row does (an import updates its listings in place; a curator's edit keeps the row) and
leads straight back to it:

    494f5046-KKKK-8000-8NNN-NNNNNNNNNNNN     "IOPF", the kind (KKKK), version 8, the variant, the row's number (N)

The parts of those objects (an address, a phone, a schedule, an attribute, …) have name-based (version 5) ids within
their object's: uuid5(the object's id, what the part is). Taxonomies and their terms are not rows of ours alone
(curators add terms; a new database seeds the same slugs), so theirs are name-based too, from the slugs: the same on
every deployment.
"""

import hashlib
import uuid
from functools import cache

SITE = 0x494F5046  # "IOPF"
VERSION = 8
VARIANT = 0b10
NUMBER_BITS = 62

# The kinds of object, by the number in their ids. Never renumber one: published ids would change meaning.
KINDS = {"organization": 1, "location": 2, "service": 3, "service_at_location": 4}
KIND_OF = {number: kind for kind, number in KINDS.items()}

TAXONOMY_NAMESPACE = uuid.UUID("6d0b7a57-3c1e-5a5e-9f11-10f1d0e5a0b1")


def make(kind: str, number: int) -> str:
    """The id of row `number`'s object of this kind."""
    if not 0 <= number < 1 << NUMBER_BITS:
        raise ValueError(f"No HSDS id for {kind} {number}")
    return str(uuid.UUID(int=SITE << 96 | KINDS[kind] << 80 | VERSION << 76 | VARIANT << 62 | number))


def number_of(kind: str, text: str) -> int | None:
    """The row number in an id of this kind, or None when the text is no such id (not a UUID, not ours)."""
    try:
        value = uuid.UUID(text).int
    except (ValueError, TypeError, AttributeError):
        return None
    number = value & ((1 << NUMBER_BITS) - 1)
    return number if text.lower() == make(kind, number) else None


def part(owner_id: str, name: str) -> str:
    """The id of a part of an object ("phone:main" of a service, "attribute:<term id>", …): uuid5(owner, name).

    As uuid.uuid5, without its two UUID objects: an export makes some fifty of these a service."""
    digest = bytearray(hashlib.sha1(bytes.fromhex(owner_id.replace("-", "")) + name.encode()).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # the RFC's variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


@cache
def taxonomy(slug: str) -> str:
    return str(uuid.uuid5(TAXONOMY_NAMESPACE, slug))


@cache
def term(taxonomy_slug: str, slug: str) -> str:
    return str(uuid.uuid5(TAXONOMY_NAMESPACE, f"{taxonomy_slug}/{slug}"))
