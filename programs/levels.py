"""The level-of-care facts: one source for the Learn pages, the search form's help text and the admin.

The numbers follow McCarty et al. 2014 (Psychiatric Services), SAMHSA TIP 47, NIDA's "Treatment
Approaches for Drug Addiction" and the ASAM Criteria levels; each Learn page cites its sources.
Change a fact here and every page that shows it changes with it.

The words are lazy translations (gettext_lazy): each reads in the language active where it is shown, so join them
with format_lazy or str() them, never with `+` or str.join.

This module imports nothing from programs.models, so the models and admin can import it.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
    (_("Hours a week"), "hours"),
    (_("Visits"), "visits"),
    (_("How long it lasts"), "length"),
    (_("Where you sleep"), "sleeps_at"),
    (_("Detox"), "detox"),
    (_("Who it suits"), "suits"),
    (_("Care you get"), "care"),
    (_("ASAM level"), "asam_level"),
)

OUTPATIENT = Level(
    key="outpatient",
    name=_("Standard outpatient"),
    short_name=_("Outpatient"),
    program_type=None,
    search_label="",
    asam_level="1",
    hours=_("Fewer than 9"),
    typical_hours=_("Standard outpatient typically runs fewer than 9 hours a week"),
    visits=_("Often 1 or 2 visits a week"),
    length=_("Varies; often months"),
    sleeps_at=_("At home"),
    detox=_("Usually not offered; staff refer you"),
    suits=_("Mild use disorder, or a step down after an IOP"),
    care=_("Counseling, alone or in a group"),
    summary=_(
        "You live at home and see a counselor, often once or twice a week. It adds up to fewer than 9 hours a week."
    ),
    help_text=_("Standard outpatient (ASAM 1): fewer than 9 hours a week, often 1 or 2 visits, while living at home."),
)

IOP = Level(
    key="iop",
    name=_("Intensive outpatient program (IOP)"),
    short_name="IOP",  # an acronym: the same in every language
    program_type="iop",
    search_label=_("Find an IOP"),
    asam_level="2.1",
    hours=_("At least 9–10; most offer 10–15 (ASAM: 9–19)"),
    typical_hours=_("IOPs typically run at least 9 hours a week, usually 10–15"),
    visits=_("3–5 days a week, about 3 hours (2–5) a visit, in the day or the evening"),
    length=_("8–12 weeks"),
    sleeps_at=_("At home"),
    detox=_("Usually not part of the IOP; staff refer you, and some facilities offer it on site"),
    suits=_("Mild to moderate use disorder, or a step down after residential care"),
    care=_(
        "Individual therapy (such as CBT or DBT), group therapy, 12-step groups, family therapy, life skills, "
        "medication, peer support; often yoga, mindfulness, fitness, faith or art"
    ),
    summary=_(
        "You live at home and go to treatment 3 to 5 days a week, for about 3 hours at a time, in the day or the "
        "evening. That is at least 9 hours a week, and most programs offer 10 to 15. Most last 8 to 12 weeks."
    ),
    help_text=_(
        "Intensive outpatient (ASAM 2.1): at least 9 hours a week, usually 10–15, over 3–5 days, for about "
        "8–12 weeks, while living at home."
    ),
)

PHP = Level(
    key="php",
    name=_("Partial hospitalization program (PHP)"),
    short_name="PHP",
    program_type="php",
    search_label=_("Find a PHP"),
    asam_level="2.5",
    hours=_("About 20 or more; 25–30 on average"),
    typical_hours=_("PHPs typically run about 20 hours a week or more, 25–30 on average"),
    visits=_("Most weekdays, for most of the day"),
    length=_("Varies; often a few weeks"),
    sleeps_at=_("At home"),
    detox=_("Varies by program"),
    suits=_("People who also have a mental health condition, or who need medical care along with treatment"),
    care=_("What an IOP offers, plus more medical and mental health care"),
    summary=_(
        "You live at home and go to treatment most of the day on most weekdays. That is about 20 hours a week or "
        "more, often 25 to 30. It suits people who also need medical or mental health care."
    ),
    help_text=_(
        "Partial hospitalization (ASAM 2.5): about 20 hours a week or more (25–30 on average), most of the day on "
        "most weekdays, while living at home."
    ),
)

RESIDENTIAL = Level(
    key="residential",
    name=_("Residential treatment"),
    short_name=_("Residential"),
    program_type="residential",
    search_label=_("Find a residential program"),
    asam_level="3 (3.1–3.7)",
    hours=_("You live there, with 24-hour care"),
    typical_hours=_("In residential treatment you typically live there, with 24-hour care"),
    visits=_("Every day"),
    length=_("About 30 days or more (short stays: up to 30 days; long stays: more)"),
    sleeps_at=_("At the facility"),
    detox=_("Often offered"),
    suits=_("Severe use disorder, a home that is not safe or stable, or the time right after detox"),
    care=_("The most structure, with medical and behavioral care every day"),
    summary=_(
        "You live at the facility, with staff there 24 hours a day. Most stays last about 30 days or more. It suits "
        "people who need the most support, such as right after detox."
    ),
    help_text=_(
        "Residential (ASAM 3): the person lives at the facility with 24-hour care, usually for 30 days or more."
    ),
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
