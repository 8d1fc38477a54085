"""The level-of-care facts: one source for the Learn pages, the search form's help text and the admin.

The numbers follow McCarty et al. 2014 (Psychiatric Services), SAMHSA TIP 47, NIDA's "Treatment
Approaches for Drug Addiction" and the ASAM Criteria levels; each Learn page cites its sources.
Change a fact here and every page that shows it changes with it.

This module imports nothing from programs.models, so the models and admin can import it.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    short_name: str
    # The Program.Type value this level is listed under; None for a level the directory does not list.
    program_type: str | None
    # The words of the link to search_url ("Find an IOP").
    search_label: str
    asam_level: str
    # The comparison table's rows (see COMPARISON_ROWS), in plain words.
    hours: str
    # What is typical when a program has not reported its hours, as a clause ("IOPs typically run …"):
    # the numbers of `hours`, in words a person reads on a program.
    typical_hours: str
    visits: str
    length: str
    sleeps_at: str
    detox: str
    suits: str
    care: str
    # Two or three plain sentences for the public pages.
    summary: str
    # One sentence for form and admin help text.
    help_text: str

    @property
    def search_url(self) -> str | None:
        """The search for programs at this level, or None when the directory does not list it."""
        if self.program_type is None:
            return None
        return f"{reverse('search:results')}?{urlencode({'type': self.program_type})}"


# (row label, Level field), in the order the comparison table shows them.
COMPARISON_ROWS = (
    ("Hours a week", "hours"),
    ("Visits", "visits"),
    ("How long it lasts", "length"),
    ("Where you sleep", "sleeps_at"),
    ("Detox", "detox"),
    ("Who it suits", "suits"),
    ("Care you get", "care"),
    ("ASAM level", "asam_level"),
)

OUTPATIENT = Level(
    key="outpatient",
    name="Standard outpatient",
    short_name="Outpatient",
    program_type=None,
    search_label="",
    asam_level="1",
    hours="Fewer than 9",
    typical_hours="Standard outpatient typically runs fewer than 9 hours a week",
    visits="Often 1 or 2 visits a week",
    length="Varies; often months",
    sleeps_at="At home",
    detox="Usually not offered; staff refer you",
    suits="Mild use disorder, or a step down after an IOP",
    care="Counseling, alone or in a group",
    summary=(
        "You live at home and see a counselor, often once or twice a week. It adds up to fewer than 9 hours a week."
    ),
    help_text="Standard outpatient (ASAM 1): fewer than 9 hours a week, often 1 or 2 visits, while living at home.",
)

IOP = Level(
    key="iop",
    name="Intensive outpatient program (IOP)",
    short_name="IOP",
    program_type="iop",
    search_label="Find an IOP",
    asam_level="2.1",
    hours="At least 9–10; most offer 10–15 (ASAM: 9–19)",
    typical_hours="IOPs typically run at least 9 hours a week, usually 10–15",
    visits="3–5 days a week, about 3 hours (2–5) a visit, in the day or the evening",
    length="8–12 weeks",
    sleeps_at="At home",
    detox="Usually not part of the IOP; staff refer you, and some facilities offer it on site",
    suits="Mild to moderate use disorder, or a step down after residential care",
    care=(
        "Individual therapy (such as CBT or DBT), group therapy, 12-step groups, family therapy, life skills, "
        "medication, peer support; often yoga, mindfulness, fitness, faith or art"
    ),
    summary=(
        "You live at home and go to treatment 3 to 5 days a week, for about 3 hours at a time, in the day or the "
        "evening. That is at least 9 hours a week, and most programs offer 10 to 15. Most last 8 to 12 weeks."
    ),
    help_text=(
        "Intensive outpatient (ASAM 2.1): at least 9 hours a week, usually 10–15, over 3–5 days, for about "
        "8–12 weeks, while living at home."
    ),
)

PHP = Level(
    key="php",
    name="Partial hospitalization program (PHP)",
    short_name="PHP",
    program_type="php",
    search_label="Find a PHP",
    asam_level="2.5",
    hours="About 20 or more; 25–30 on average",
    typical_hours="PHPs typically run about 20 hours a week or more, 25–30 on average",
    visits="Most weekdays, for most of the day",
    length="Varies; often a few weeks",
    sleeps_at="At home",
    detox="Varies by program",
    suits="People who also have a mental health condition, or who need medical care along with treatment",
    care="What an IOP offers, plus more medical and mental health care",
    summary=(
        "You live at home and go to treatment most of the day on most weekdays. That is about 20 hours a week or "
        "more, often 25 to 30. It suits people who also need medical or mental health care."
    ),
    help_text=(
        "Partial hospitalization (ASAM 2.5): about 20 hours a week or more (25–30 on average), most of the day on "
        "most weekdays, while living at home."
    ),
)

RESIDENTIAL = Level(
    key="residential",
    name="Residential treatment",
    short_name="Residential",
    program_type="residential",
    search_label="Find a residential program",
    asam_level="3 (3.1–3.7)",
    hours="You live there, with 24-hour care",
    typical_hours="In residential treatment you typically live there, with 24-hour care",
    visits="Every day",
    length="About 30 days or more (short stays: up to 30 days; long stays: more)",
    sleeps_at="At the facility",
    detox="Often offered",
    suits="Severe use disorder, a home that is not safe or stable, or the time right after detox",
    care="The most structure, with medical and behavioral care every day",
    summary=(
        "You live at the facility, with staff there 24 hours a day. Most stays last about 30 days or more. It suits "
        "people who need the most support, such as right after detox."
    ),
    help_text="Residential (ASAM 3): the person lives at the facility with 24-hour care, usually for 30 days or more.",
)

# From the least to the most care: the order the comparison table and the pages use.
LEVELS = (OUTPATIENT, IOP, PHP, RESIDENTIAL)
# The levels the directory lists, in the order of Program.Type.
PROGRAM_LEVELS = tuple(level for level in LEVELS if level.program_type)
# Program.Type value -> its Level.
BY_PROGRAM_TYPE = {level.program_type: level for level in PROGRAM_LEVELS}


def comparison(levels=LEVELS) -> list[tuple[str, list[str]]]:
    """The comparison table's body: (row label, one value per level) for each row."""
    return [(label, [getattr(level, field) for level in levels]) for label, field in COMPARISON_ROWS]
