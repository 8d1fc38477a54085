"""What a reader hands to the writer (imports.sync): plain records, the same whatever file they came from."""

from dataclasses import dataclass, field


@dataclass
class ProgramListing:
    type: str
    fields: dict  # Program field name -> value, the program's name included (NULL-able values stay None)
    therapies: list[str] = field(default_factory=list)  # Therapy slugs, sorted


@dataclass
class Listing:
    row: int  # where it came from, for messages
    key: str  # what the writer's policy matches it by: Facility.source_id for a source, the slug for the CSV
    fields: dict  # Facility field name -> value
    vocabularies: dict[str, list[str]]  # m2m field name -> sorted slugs
    programs: list[ProgramListing]
    defaults: dict = field(default_factory=dict)  # used only when creating (e.g. a ZIP centroid), never to update


@dataclass
class RowProblem:
    row: int
    reason: str

    def __str__(self):
        return f"row {self.row}: {self.reason}"
