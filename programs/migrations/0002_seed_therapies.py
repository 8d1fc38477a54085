"""Seed the therapy vocabulary.

Each row is (slug, public name, category, SAMHSA codes, plain-language description). The codes
are service codes from SAMHSA's 2023 National Directory legend (samhsa_service_codes_2023.csv);
the descriptions follow NIDA's "Treatment Approaches for Drug Addiction", SAMHSA TIP 47 and
McCarty et al. 2014. The data is frozen here on purpose: later edits live in the database.
"""

from django.db import migrations

INDIVIDUAL = "individual"
GROUP = "group"
COMPLEMENTARY = "complementary"
SUPPORT = "support"

THERAPIES = (
    (
        "cbt",
        "Cognitive behavioral therapy (CBT)",
        INDIVIDUAL,
        "CBT",
        "Helps you notice the thoughts and situations that lead to drinking or drug use and "
        "practice new ways to cope. It is one of the most studied treatments for substance use.",
    ),
    (
        # "DBT" is not in the 2023 legend; older SAMHSA directories used it. Kept so that
        # imports of older data still map onto this therapy.
        "dbt",
        "Dialectical behavior therapy (DBT)",
        INDIVIDUAL,
        "DBT",
        "A kind of cognitive behavioral therapy that teaches skills for handling strong "
        "emotions, getting through distress without using, and getting along with others.",
    ),
    (
        "individual-counseling",
        "Individual counseling",
        INDIVIDUAL,
        "ICO",
        "Private, one-on-one sessions with a counselor or therapist to work on your own goals and problems.",
    ),
    (
        "substance-use-counseling",
        "Substance use counseling",
        INDIVIDUAL,
        "SACA",
        "Counseling focused on your drinking or drug use: understanding it, setting goals, and "
        "building the skills and support to stop or cut back.",
    ),
    (
        "motivational-interviewing",
        "Motivational interviewing",
        INDIVIDUAL,
        "MOTI",
        "A respectful, non-judging style of counseling that helps you sort out mixed feelings "
        "about change and find your own reasons to change.",
    ),
    (
        "contingency-management",
        "Contingency management (rewards for progress)",
        INDIVIDUAL,
        "CMI CRV",
        "You earn small rewards, such as vouchers or prizes, for reaching goals like drug-free "
        "tests or coming to sessions. Research supports it, especially for stimulants such as "
        "cocaine and methamphetamine.",
    ),
    (
        "trauma-counseling",
        "Trauma-related counseling",
        INDIVIDUAL,
        "TRC",
        "Therapy that helps you deal with the effects of trauma, such as abuse, violence or "
        "combat, which often go along with substance use.",
    ),
    (
        "brief-intervention",
        "Brief intervention",
        INDIVIDUAL,
        "BIA",
        "One to a few short sessions that help you look at your drinking or drug use and decide "
        "whether to change. It is meant for risky use that has not become severe.",
    ),
    (
        "group-therapy",
        "Group therapy",
        GROUP,
        "GCO",
        "A small group, led by a trained counselor, where people with similar struggles share "
        "experiences, practice skills and support each other. It is the main part of most "
        "intensive outpatient programs.",
    ),
    (
        # SHG is SAMHSA's "self-help groups", which the list folds into 12-step facilitation.
        "twelve-step",
        "12-step facilitation",
        GROUP,
        "TWFA SHG",
        "Prepares and encourages you to join mutual-help groups such as Alcoholics Anonymous "
        "(AA) or Narcotics Anonymous (NA), or other self-help groups. The groups are run by "
        "peers and are free.",
    ),
    (
        "family-therapy",
        "Family therapy",
        GROUP,
        "FCO",
        "Sessions that include family members, to improve communication, mend relationships and "
        "help the family support recovery.",
    ),
    (
        "couples-counseling",
        "Couples counseling",
        GROUP,
        "MCO",
        "Counseling with your spouse or partner to work on your relationship and on how you both "
        "handle drinking or drug use.",
    ),
    (
        "matrix-model",
        "Matrix Model",
        GROUP,
        "MXM",
        "A structured 16-week outpatient program first designed for stimulant use, such as "
        "cocaine or methamphetamine. It combines group sessions, relapse prevention, family "
        "education, drug testing and 12-step support.",
    ),
    (
        "anger-management",
        "Anger management",
        GROUP,
        "ANG",
        "Teaches you to notice anger building up, calm down, and handle conflict without aggression.",
    ),
    (
        "mindfulness-yoga",
        "Mindfulness and yoga",
        COMPLEMENTARY,
        "",
        "Meditation, breathing exercises and yoga to help you manage stress and cravings. They "
        "are used alongside core treatment, not instead of it.",
    ),
    (
        "faith-based",
        "Faith-based support",
        COMPLEMENTARY,
        "",
        "Spiritual or religious support, such as prayer or faith-based recovery groups, for "
        "people who want their faith to be part of recovery. It is used alongside core "
        "treatment, not instead of it.",
    ),
    (
        "fitness-nutrition",
        "Fitness and nutrition counseling",
        COMPLEMENTARY,
        "",
        "Exercise and advice on healthy eating to help rebuild physical health, sleep and mood. "
        "It is used alongside core treatment, not instead of it.",
    ),
    (
        "creative-arts",
        "Creative arts (art and music)",
        COMPLEMENTARY,
        "",
        "Art, music and other creative activities that give you another way to express feelings "
        "and ease stress. They are used alongside core treatment, not instead of it.",
    ),
    (
        "acupuncture",
        "Acupuncture",
        COMPLEMENTARY,
        "ACU",
        "Very thin needles placed at points on the body, often the ear, to ease stress, cravings "
        "or withdrawal discomfort. Research on it is mixed, so it is used alongside core "
        "treatment, not instead of it.",
    ),
    (
        "relapse-prevention",
        "Relapse prevention",
        SUPPORT,
        "RELP",
        "Helps you spot your warning signs and high-risk situations and plan how to handle "
        "cravings and setbacks. A slip is treated as something to learn from, not a failure.",
    ),
    (
        "life-skills",
        "Life skills",
        SUPPORT,
        "SSD VOC EMP",
        "Practical help with everyday skills, such as communicating, finding work or going back "
        "to school, that support a stable life in recovery.",
    ),
    (
        "peer-support",
        "Peer support and recovery coaching",
        SUPPORT,
        "PEER RC",
        "Support from a trained peer or recovery coach who has been through addiction and "
        "recovery. They share what helped them, connect you to resources and encourage you.",
    ),
    (
        "case-management",
        "Case management",
        SUPPORT,
        "CM",
        "A case manager helps you get other services you need, such as housing, health care, "
        "transportation or benefits, and coordinates them with your treatment.",
    ),
)


def seed(apps, schema_editor):
    Therapy = apps.get_model("programs", "Therapy")
    for slug, name, category, codes, description in THERAPIES:
        Therapy.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "category": category,
                "samhsa_codes": codes,
                "description": description,
            },
        )


def unseed(apps, schema_editor):
    Therapy = apps.get_model("programs", "Therapy")
    Therapy.objects.filter(slug__in=[row[0] for row in THERAPIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
