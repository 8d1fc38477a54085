"""SAMHSA's National Directory of Drug and Alcohol Use Treatment Facilities: map a file's rows and codes.

imports.directory_file reads the workbook or CSV, bounded. Each row's `service_code_info` is a list of codes; the
codes are looked up one by one (the groups between " * " are not reliable positions: empty categories are left
out).

The directory has no record id, so `record_keys` derives one; see its docstring.
"""

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from facilities.duplicates import normalise
from facilities.models import Facility
from geo.places import zip_centroid
from geo.states import US_STATES
from imports.directory_file import INTAKE_COLUMNS, DirectoryFile
from imports.records import Listing, ProgramListing, RowProblem
from programs.models import Program

PROGRAM_TYPES = {"OIT": Program.Type.IOP, "ODT": Program.Type.PHP}
RESIDENTIAL = {"RES", "RS", "RL"}
# Setting codes for detox, the DETOX category (withdrawal management by substance) and the opioid treatment
# codes for medically supervised withdrawal (buprenorphine, methadone, lofexidine or clonidine detoxification).
DETOX = {"DT", "OD", "RD", "HID", "ADTX", "BDTX", "CDTX", "MDTX", "ODTX", "MDET", "DB", "DM", "DLC"}
CO_OCCURRING = {"SUMH", "CO"}
TELEHEALTH = {"TELE"}
# The first code found wins. Every VA, Indian Health Service and Defense facility also carries FED (federal), so
# those come first: a VA hospital says "U.S. Department of Veterans Affairs", not "Federal government".
OPERATORS = {
    "VAMC": Facility.Operator.VA,
    "IH": Facility.Operator.INDIAN_HEALTH_SERVICE,
    "DDF": Facility.Operator.MILITARY,
    "PVTN": Facility.Operator.PRIVATE_NONPROFIT,
    "PVTP": Facility.Operator.PRIVATE_FOR_PROFIT,
    "LCCG": Facility.Operator.LOCAL_GOVERNMENT,
    "STG": Facility.Operator.STATE_GOVERNMENT,
    "FED": Facility.Operator.FEDERAL_GOVERNMENT,
    "TBG": Facility.Operator.TRIBAL,
}
# One accepted gender: a women-only or men-only facility (Eligibility). The legend has no code for it.
GENDER_ONLY = {"FEM": "women-only", "MALE": "men-only"}
# "Does not use medication for opioid use disorder": the medications for it that other codes name (some
# facilities list buprenorphine for detox or pain) are not shown, so a page never says both.
NO_OPIOID_MEDICATION = "NMOA"
OPIOID_MEDICATIONS = {"buprenorphine", "methadone"}
# Codes the site deliberately does not show, one line per legend category (README, "Every code of the legend").
# Anything else not mapped is reported as unknown.
IGNORED = frozenset(
    """
    SA PMAT
    HI OP ORT OMB HIT GH PSYH
    INPE RPE PC AUINPE AURPE AUPC
    PAIN MWS
    MHIV MHCV MPEP
    CMHA CSAA ISC OPC MHPA STU SSA SMHD PIEC
    BABA DAOF DAUT HIVT STDT TBS MST HBT HCT
    DP OFD
    TGD TOD
    HAEC TAEC HEOH SAE
    HAV HBV
    SMOP SMPD VAPN VAPP VPPD
    FX
    """.split()  # noqa: SIM905
)
STATES = {code for code, _ in US_STATES}
ZIP_PATTERN = re.compile(r"^\d{5}(-?\d{4})?$")
APPROXIMATE_GEO_SOURCES = {"zcta2021_centroid", "zip_geonames_approx"}


def _digest(*parts: str) -> str:
    return "samhsa-" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def record_keys(rows: list[tuple[int, dict[str, str]]]) -> tuple[dict[int, str], list[str]]:
    """A stable key for each directory row, and notes on the rows that needed more than the base key.

    Base key: normalised name1 | name2 | street1 | 5-digit ZIP (sub-units at one address differ in
    name2). Rows that still collide add street2 (suite), then the phone digits; rows identical in all
    of those are numbered in file order, which is the one part that depends on the file's order.
    """
    base = {
        number: (normalise(r["name1"]), normalise(r["name2"]), normalise(r["street1"]), r["zip"][:5])
        for number, r in rows
    }
    counts = Counter(base.values())
    keys, notes = {}, []
    extended: dict[tuple, list[int]] = defaultdict(list)
    for number, values in rows:
        parts = base[number]
        if counts[parts] == 1:
            keys[number] = _digest(*parts)
        else:
            longer = (*parts, normalise(values["street2"]), re.sub(r"\D", "", values["phone"]))
            extended[longer].append(number)
    for longer, numbers in extended.items():
        if len(numbers) == 1:
            keys[numbers[0]] = _digest(*longer)
            continue
        notes.append(
            f"rows {', '.join(map(str, numbers))} are identical in name, sub-unit, address and phone;"
            " told apart by file order"
        )
        for ordinal, number in enumerate(numbers, start=1):
            keys[number] = _digest(*longer, str(ordinal))
    return keys, notes


@dataclass
class CodeMap:
    """Code -> slugs of each facility list, read from the vocabularies (curators can add codes in admin)."""

    vocab: dict[str, dict[str, set[str]]]  # m2m field -> code -> slugs

    @classmethod
    def from_database(cls) -> "CodeMap":
        vocab = {}
        for field_name in Facility.VOCABULARY_FIELDS:
            model = Facility._meta.get_field(field_name).related_model
            vocab[field_name] = _codes_to_slugs(model.objects.values_list("slug", "samhsa_codes"))
        return cls(vocab=vocab)

    def known(self) -> set[str]:
        mapped = set().union(*(codes.keys() for codes in self.vocab.values()))
        structural = set(PROGRAM_TYPES) | RESIDENTIAL | DETOX | CO_OCCURRING | TELEHEALTH | set(OPERATORS)
        return mapped | structural | set(GENDER_ONLY) | IGNORED


def _codes_to_slugs(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for slug, codes in pairs:
        for code in codes.split():
            table[code].add(slug)
    return dict(table)


def _slugs(codes: set[str], table: dict[str, set[str]]) -> set[str]:
    return set().union(*(table.get(code, set()) for code in codes))


def row_codes(values: dict[str, str]) -> set[str]:
    return set(values["service_code_info"].replace("*", " ").split())


def row_problem(number: int, values: dict[str, str]) -> RowProblem | None:
    """Why a row cannot be used, or None."""
    if not values["name1"]:
        return RowProblem(number, "no facility name (name1)")
    if values["state"].upper() not in STATES:
        return RowProblem(number, f"unknown state {values['state']!r}")
    if not ZIP_PATTERN.match(values["zip"]):
        return RowProblem(number, f"ZIP code {values['zip']!r} is not 5 digits or ZIP+4")
    if not values["city"]:
        return RowProblem(number, "no city")
    return None


def program_types(codes: set[str]) -> list[str]:
    """The levels of care a row lists, in level order: IOP, PHP, residential."""
    types = [PROGRAM_TYPES[code] for code in ("OIT", "ODT") if code in codes]
    if codes & RESIDENTIAL:
        types.append(Program.Type.RESIDENTIAL)
    return types


def map_row(number: int, values: dict[str, str], key: str, code_map: CodeMap) -> Listing | RowProblem | None:
    """One directory row as a Listing, a RowProblem when it cannot be used, or None when it has no
    IOP, PHP or residential program."""
    problem = row_problem(number, values)
    if problem:
        return problem
    codes = row_codes(values)
    types = program_types(codes)
    if not types:
        return None
    location = _file_coordinates(values)
    # A ZIP centroid only places a new facility; it never replaces coordinates a facility already has.
    defaults = {} if location else _zip_location(values["zip"])
    vocab = {name: _slugs(codes, code_map.vocab[name]) for name in Facility.VOCABULARY_FIELDS}
    genders = codes & set(GENDER_ONLY)
    if len(genders) == 1:
        vocab["eligibility"].add(GENDER_ONLY[genders.pop()])
    if NO_OPIOID_MEDICATION in codes:
        vocab["medications"] -= OPIOID_MEDICATIONS
    facility_fields = {
        "name": values["name1"][:200],
        "unit_name": values["name2"][:300],  # the facility's second name line, never a level's name
        "street1": values["street1"][:200],
        "street2": values["street2"][:200],
        "city": values["city"][:100],
        "state": values["state"].upper(),
        "zip_code": values["zip"][:10],
        **location,
        "phone": values["phone"][:30],
        "intake_phone": next((values[c] for c in INTAKE_COLUMNS if values.get(c)), "")[:30],
        "operator": next((OPERATORS[code] for code in OPERATORS if code in codes), ""),
        "detox_onsite": bool(codes & DETOX),
        "co_occurring": bool(codes & CO_OCCURRING),
        "telehealth": bool(codes & TELEHEALTH),
    }
    return Listing(
        row=number,
        key=key,
        fields=facility_fields,
        vocabularies={name: sorted(slugs) for name, slugs in vocab.items()},
        programs=[_program(program_type, codes) for program_type in types],
        defaults=defaults,
    )


def _file_coordinates(values: dict[str, str]) -> dict:
    """Coordinates the file gives (optional latitude/longitude columns), or {}."""
    try:
        latitude, longitude = float(values.get("latitude") or "x"), float(values.get("longitude") or "x")
    except ValueError:
        return {}
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return {}
    approximate = values.get("geo_source", "") in APPROXIMATE_GEO_SOURCES
    precision = Facility.LocationPrecision.ZIP if approximate else Facility.LocationPrecision.ADDRESS
    return {"latitude": latitude, "longitude": longitude, "location_precision": precision}


def _zip_location(zip_code: str) -> dict:
    """The ZIP's centre, marked approximate; {} for an unknown ZIP (left for the geocoder)."""
    centroid = zip_centroid(zip_code)
    if centroid is None:
        return {}
    return {"latitude": centroid[0], "longitude": centroid[1], "location_precision": Facility.LocationPrecision.ZIP}


def _program(program_type: str, codes: set[str]) -> ProgramListing:
    """One level of care, with only what the directory says of that level: its detox and, for residential, its
    length. Its name, therapies, telehealth and medication are the facility's (the directory says them per
    facility), so they stay empty here: a program shows nothing the directory did not say of it."""
    fields = {
        "name": "",
        "telehealth": None,
        "medication_management": None,
        "detox": Program.Detox.ONSITE if _detox_here(program_type, codes) else "",
        "duration_weeks_min": None,
        "duration_weeks_max": None,
        "notes": "",
    }
    if program_type == Program.Type.RESIDENTIAL:
        short, long = "RS" in codes, "RL" in codes
        if short and not long:
            fields["duration_weeks_max"] = 4  # "30 days or less"
            fields["notes"] = "Short-term residential (30 days or less)."
        elif long and not short:
            fields["duration_weeks_min"] = 5  # "more than 30 days"
            fields["notes"] = "Long-term residential (more than 30 days)."
        elif short and long:
            fields["notes"] = "Short-term (30 days or less) and long-term (more than 30 days) stays."
    return ProgramListing(type=program_type, fields=fields, therapies=[])


def _detox_here(program_type: str, codes: set[str]) -> bool:
    if program_type == Program.Type.RESIDENTIAL:
        return "RD" in codes
    return "OD" in codes


@dataclass
class MappedDirectory:
    listings: list[Listing]
    problems: list[RowProblem]
    skipped_no_program: int
    unknown_codes: Counter
    notes: list[str]


def map_directory(directory: DirectoryFile, code_map: CodeMap, progress=None) -> MappedDirectory:
    keys, notes = record_keys(directory.rows)
    known = code_map.known()
    unknown: Counter = Counter()
    listings, problems, skipped = [], [], 0
    for index, (number, values) in enumerate(directory.rows, start=1):
        for code in row_codes(values) - known:
            unknown[code] += 1
        result = map_row(number, values, keys[number], code_map)
        if isinstance(result, Listing):
            listings.append(result)
        elif isinstance(result, RowProblem):
            problems.append(result)
        else:
            skipped += 1
        if progress:
            progress(index, len(directory.rows))
    legend_unknown = {code for code in unknown if directory.legend and code not in directory.legend}
    if legend_unknown:
        notes.append(f"codes not in the file's own legend: {', '.join(sorted(legend_unknown))}")
    return MappedDirectory(listings, problems, skipped, unknown, notes)
