import json
from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from programs.levels import IOP, LEVELS, PROGRAM_LEVELS, comparison
from programs.models import Therapy


@require_safe
def learn_index(request):
    return render(request, "learn/index.html", {"levels": PROGRAM_LEVELS})


@require_safe
def what_is_an_iop(request):
    return render(request, "learn/what_is_an_iop.html", {"iop": IOP})


@require_safe
def levels_of_care(request):
    return render(request, "learn/levels_of_care.html", {"levels": LEVELS, "rows": comparison(LEVELS)})


CATEGORY_INTROS = {
    Therapy.Category.INDIVIDUAL: "Time alone with a counselor or therapist.",
    Therapy.Category.GROUP: (
        "Therapy with other people in recovery, or with your family. Groups are the heart of most IOPs."
    ),
    Therapy.Category.COMPLEMENTARY: (
        "Extras that ease stress and build health. They are used along with core care, not in place of it."
    ),
    Therapy.Category.SUPPORT: "Help with skills, services and support for daily life.",
}


@require_safe
def therapies(request):
    """Every therapy, grouped by category, each with the anchor the search filters link to."""
    by_category = {value: [] for value in Therapy.Category.values}
    for therapy in Therapy.objects.order_by("name"):
        by_category[therapy.category].append(therapy)
    groups = [
        (value, label, CATEGORY_INTROS[value], by_category[value])
        for value, label in Therapy.Category.choices
        if by_category[value]
    ]
    return render(request, "learn/therapies.html", {"groups": groups})


@require_safe
def what_to_expect(request):
    return render(request, "learn/what_to_expect.html", {"iop": IOP})


@require_safe
def questions_to_ask(request):
    return render(request, "learn/questions_to_ask.html")


@dataclass(frozen=True)
class Question:
    slug: str
    question: str
    answer: tuple[str, ...]  # paragraphs of plain text
    more_url: str = ""  # a Learn page, as a URL name with an optional '#anchor'
    more_text: str = ""

    @property
    def more_href(self) -> str:
        name, _, anchor = self.more_url.partition("#")
        return reverse(name) + (f"#{anchor}" if anchor else "")


# The visible FAQ and its schema.org FAQPage data both render from this.
FAQ = (
    Question(
        "what-is-an-iop",
        "What is an intensive outpatient program (IOP)?",
        (
            "An IOP is treatment for drug or alcohol use that you go to while you live at home.",
            IOP.summary,
            "Most of the work happens in small groups led by a counselor. You also meet with a counselor on your own, "
            "and you may get medicine and help with daily life.",
        ),
        "learn:what_is_an_iop",
        "More about IOPs",
    ),
    Question(
        "inpatient-or-outpatient",
        "What is the difference between inpatient and outpatient treatment?",
        (
            "With inpatient care, you stay the night. Residential programs are inpatient care. Staff are there all "
            "day and all night.",
            "With outpatient care, you live at home and come in for treatment. Standard outpatient, IOP and PHP are "
            "all outpatient care. They differ in how many hours a week you spend in treatment.",
            "Outpatient care lets you keep up with work, school or family. Inpatient care gives more support and takes "
            "you away from the places and people linked to your use.",
        ),
        "learn:levels_of_care",
        "Compare the levels of care",
    ),
    Question(
        "iop-or-php",
        "How is an IOP different from a PHP?",
        (
            "You live at home in both. The big difference is time.",
            "An IOP takes at least 9 hours a week, often 10 to 15. A partial hospitalization program (PHP) takes about "
            "20 hours a week or more, most of the day on most weekdays.",
            "A PHP also gives more medical and mental health care. It can suit people who have a mental health "
            "condition as well as a drug or alcohol problem.",
        ),
        "learn:levels_of_care",
        "Compare the levels of care",
    ),
    Question(
        "do-iops-work",
        "How well do IOPs work?",
        (
            "For most people, they work well. In 2014, a team of researchers looked at the studies of IOPs. They "
            "rated the proof as strong.",
            "In those studies, people used less alcohol and drugs after an IOP. For most people, an IOP worked as well "
            "as a stay in a hospital or a residential program.",
            "What matters most is getting the right level of care for you, and staying in treatment long enough.",
        ),
    ),
    Question(
        "work-or-school",
        "Can I keep working or going to school during an IOP?",
        (
            "Often, yes. That is one of the main reasons people choose an IOP. Many programs hold groups in the "
            "evening, and some let you join by video.",
            "Ask each program about its hours before you start. A PHP or a residential program takes much more of "
            "your time.",
        ),
        "learn:what_to_expect",
        "What a week in an IOP looks like",
    ),
    Question(
        "detox-first",
        "Do I need detox before an IOP?",
        (
            "Detox helps your body get through withdrawal safely. An IOP does not offer detox, but its staff can "
            "send you to a place that does.",
            "Stopping alcohol, or some sleep and anxiety pills (benzos), all at once can be dangerous. Do not stop "
            "them on your own. Talk to a doctor or call the program first.",
        ),
    ),
    Question(
        "medication",
        "Can I take medicine for opioid or alcohol use disorder in an IOP?",
        (
            "Often, yes. Medicine helps many people stay in treatment and stay away from drugs or alcohol.",
            "For opioids, the medicines are buprenorphine, methadone and naltrexone. For alcohol, they are "
            "naltrexone, acamprosate and disulfiram.",
            "Some programs prescribe these medicines. Others work with your own doctor or a clinic. Ask about this "
            "when you call.",
        ),
        "learn:questions_to_ask",
        "Questions to ask when you call",
    ),
    Question(
        "prevent-relapse",
        "How can I prevent a relapse during and after treatment?",
        (
            "During treatment, you learn your warning signs and the people, places and feelings that raise your "
            "risk. You make a plan for cravings, and you practice it in group.",
            "After treatment, keep up some kind of care. That can be weekly counseling, an aftercare group, a "
            "support group such as AA or NA, or a recovery coach. Keep taking any medicine you were prescribed.",
            "Stay close to people who support your recovery. Good sleep, food and exercise help too.",
        ),
        "learn:therapies#relapse-prevention",
        "About relapse prevention",
    ),
    Question(
        "after-a-relapse",
        "What if I relapse?",
        (
            "A slip does not mean that you failed, or that treatment failed. Addiction is a long-term illness. A "
            "return to use is common, as it is with asthma or high blood pressure.",
            "Tell your counselor as soon as you can. Your plan may need a change, or you may need more care for a "
            "while.",
            "If you used opioids before, your body is no longer used to them. The amount you once took can now cause "
            "an overdose. Keep naloxone (Narcan) nearby, and never use alone.",
        ),
    ),
    Question(
        "insurance",
        "Does insurance pay for an IOP?",
        (
            "Many health plans do, and so does Medicare. Medicaid does in many states. Call the number on your "
            "insurance card and ask what you will pay.",
            "If you have no insurance, ask programs about lower fees based on what you earn. You can also call the "
            "free SAMHSA helpline at 1-800-662-4357 for help finding low-cost care.",
        ),
        "learn:questions_to_ask",
        "Questions to ask about cost",
    ),
    Question(
        "which-level",
        "How do I know which level of care I need?",
        (
            "A counselor or doctor can help you decide. Many use a set of questions called the ASAM Criteria.",
            "The questions cover your use and withdrawal, your health and mood, how ready you feel to change, your "
            "risk of going back to use, and your home life. The answers point to the level of care that fits.",
            "You can move up or down a level as your needs change.",
        ),
        "learn:levels_of_care",
        "Compare the levels of care",
    ),
)

# Escaped the way Django's json_script escapes, so no text in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def faq_json_ld(questions) -> str:
    """schema.org FAQPage JSON-LD, safe to place inside <script type="application/ld+json">."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {"@type": "Answer", "text": " ".join(question.answer)},
            }
            for question in questions
        ],
    }
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES))


@require_safe
def faq(request):
    return render(request, "learn/faq.html", {"questions": FAQ, "json_ld": faq_json_ld(FAQ)})
