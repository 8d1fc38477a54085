"""Seed the facility vocabularies: payment, language, population, medication, accreditation.

Each row is (slug, public name, SAMHSA codes, plain-language description). The codes are
service codes from SAMHSA's 2023 National Directory legend (samhsa_service_codes_2023.csv).
The data is frozen here on purpose: later edits by curators live in the database.
"""

from django.db import migrations

PAYMENT_OPTIONS = (
    (
        "medicaid",
        "Medicaid",
        "MD",
        "Public health insurance for people with low incomes, run by each state with federal "
        "help. What it covers differs from state to state.",
    ),
    (
        "medicare",
        "Medicare",
        "MC",
        "Federal health insurance for people 65 and older and for some younger people with disabilities.",
    ),
    (
        "private-insurance",
        "Private health insurance",
        "PI",
        "Insurance from an employer, a union or a plan you bought yourself, such as a marketplace "
        "plan. Ask your insurer or the facility whether the program is covered.",
    ),
    (
        "military-insurance",
        "Military insurance (such as TRICARE)",
        "MI",
        "Federal military health insurance, such as TRICARE, for service members, retirees and their families.",
    ),
    (
        "self-pay",
        "Cash or self-pay",
        "SF",
        "You pay for treatment yourself instead of using insurance. Ask what it will cost before you start.",
    ),
    (
        "state-insurance",
        "State health insurance (not Medicaid)",
        "SI",
        "A health insurance plan paid for by your state that is separate from Medicaid.",
    ),
    (
        "ihs-tribal",
        "Indian Health Service, tribal or urban Indian funds",
        "ITU",
        "Money from the Indian Health Service, a tribe or an urban Indian health program that "
        "can pay for care for American Indian and Alaska Native people.",
    ),
    (
        "government-funding",
        "Government or SAMHSA funding",
        "FSA SAMF",
        "Federal, state or local government money, including SAMHSA grants, that helps pay for "
        "treatment. It often helps people who have no insurance or cannot afford to pay.",
    ),
    (
        "free",
        "Free (no payment accepted)",
        "NP",
        "Treatment is free for everyone: the facility does not accept payment.",
    ),
    (
        "sliding-scale",
        "Sliding fee scale",
        "SS",
        "The price depends on your income and sometimes your family size, so people who earn "
        "less pay less. Ask what proof of income the facility needs.",
    ),
    (
        "payment-assistance",
        "Payment assistance",
        "PA",
        "The facility has a program that may help people with low income or little or no "
        "insurance pay some or all of the cost. Ask the facility for details.",
    ),
)

LANGUAGES = (
    ("spanish", "Spanish", "SP", "Staff can provide treatment in Spanish."),
    (
        "sign-language",
        "Sign language",
        "AH",
        "Services for people who are deaf or hard of hearing, such as sign language interpreters or staff who sign.",
    ),
    (
        "native-american",
        "American Indian or Alaska Native languages",
        "NX",
        "Staff can provide treatment in an American Indian or Alaska Native language. Ask which languages they speak.",
    ),
    ("arabic", "Arabic", "F4", "Staff can provide treatment in Arabic."),
    (
        "chinese",
        "Chinese",
        "F17",
        "Staff can provide treatment in a Chinese language, such as Mandarin or Cantonese. Ask which one.",
    ),
    (
        "creole",
        "Creole",
        "F19",
        "Staff can provide treatment in a Creole language, such as Haitian Creole. Ask which one.",
    ),
    ("farsi", "Farsi (Persian)", "F25", "Staff can provide treatment in Farsi (Persian)."),
    ("french", "French", "F28", "Staff can provide treatment in French."),
    ("german", "German", "F30", "Staff can provide treatment in German."),
    ("greek", "Greek", "F31", "Staff can provide treatment in Greek."),
    ("hebrew", "Hebrew", "F35", "Staff can provide treatment in Hebrew."),
    ("hindi", "Hindi", "F36", "Staff can provide treatment in Hindi."),
    ("hmong", "Hmong", "F37", "Staff can provide treatment in Hmong."),
    ("italian", "Italian", "F42", "Staff can provide treatment in Italian."),
    ("japanese", "Japanese", "F43", "Staff can provide treatment in Japanese."),
    ("korean", "Korean", "F47", "Staff can provide treatment in Korean."),
    ("polish", "Polish", "F66", "Staff can provide treatment in Polish."),
    ("portuguese", "Portuguese", "F67", "Staff can provide treatment in Portuguese."),
    ("russian", "Russian", "F70", "Staff can provide treatment in Russian."),
    ("tagalog", "Tagalog (Filipino)", "F81", "Staff can provide treatment in Tagalog (Filipino)."),
    ("vietnamese", "Vietnamese", "F92", "Staff can provide treatment in Vietnamese."),
    ("ojibwa", "Ojibwe (Ojibwa)", "N24", "Staff can provide treatment in Ojibwe (Ojibwa)."),
    ("yupik", "Yupik", "N40", "Staff can provide treatment in Yupik."),
)

# SAMHSA has two kinds of codes here: "has a program or group tailored for" (category SG:
# AD, TAY, SE, ...) and "accepts this age group" (category AGE: CHLD, YAD, SNR). The list
# maps both onto the same population.
POPULATIONS = (
    (
        "adolescents",
        "Teens (adolescents)",
        "AD CHLD",
        "Programs or groups for young people age 17 or younger.",
    ),
    (
        "young-adults",
        "Young adults",
        "TAY YAD",
        "Programs or groups for young adults, about ages 18 to 25.",
    ),
    (
        "seniors",
        "Older adults",
        "SE SNR",
        "Programs or groups for seniors and other older adults.",
    ),
    ("women", "Women", "WN", "Programs or groups just for adult women."),
    ("men", "Men", "MN", "Programs or groups just for adult men."),
    (
        "pregnant-postpartum",
        "Pregnant or postpartum women",
        "PW",
        "Programs for women who are pregnant or have recently given birth. Care is planned with "
        "the health of both parent and baby in mind.",
    ),
    (
        "lgbtq",
        "LGBTQ+ people",
        "GL",
        "Programs or groups for lesbian, gay, bisexual, transgender, and queer or questioning people.",
    ),
    ("veterans", "Veterans", "VET", "Programs or groups for people who served in the military."),
    (
        "active-military",
        "Active-duty military",
        "ADM",
        "Programs or groups for people serving on active duty in the military now.",
    ),
    (
        "military-families",
        "Military families",
        "MF",
        "Programs or groups for family members of people who serve or have served in the military.",
    ),
    (
        "criminal-justice",
        "People involved with the justice system",
        "CJ",
        "Programs for people referred by a court or otherwise involved with the criminal justice "
        "system, for reasons other than DUI or DWI.",
    ),
    (
        "co-occurring",
        "Co-occurring mental health conditions",
        "CO",
        "Programs for people who have a mental health condition, such as depression, anxiety or "
        "PTSD, along with a substance use disorder. Both are treated together.",
    ),
    (
        "chronic-pain",
        "People with chronic pain",
        "COPSU",
        "Programs for people who live with long-lasting pain as well as a substance use disorder.",
    ),
    (
        "hiv-aids",
        "People with HIV or AIDS",
        "HV",
        "Programs or groups for people living with HIV or AIDS.",
    ),
    (
        "sexual-abuse-survivors",
        "Survivors of sexual abuse",
        "XA",
        "Programs or groups for people who have experienced sexual abuse.",
    ),
    (
        "domestic-violence",
        "Survivors of domestic or partner violence",
        "DV",
        "Programs or groups for people who have been hurt or abused by a partner, spouse or family member.",
    ),
    (
        "trauma-survivors",
        "Trauma survivors",
        "TRMA",
        "Programs or groups for people who have lived through trauma, such as violence, abuse, "
        "disaster, combat or a serious accident.",
    ),
    (
        "dui-dwi",
        "DUI/DWI clients",
        "DU DUO",
        "Programs for people referred after a charge of driving under the influence (DUI) or "
        "driving while intoxicated (DWI). Some facilities serve only DUI/DWI clients.",
    ),
)

MEDICATIONS = (
    (
        "buprenorphine",
        "Buprenorphine",
        "BU BUM UB BWN BWON BERI BSDM DB",
        "A medicine for opioid use disorder that eases withdrawal and cravings and lowers the "
        "risk of overdose. It comes as a film or tablet that dissolves in the mouth (such as "
        "Suboxone) or as a long-acting shot.",
    ),
    (
        "methadone",
        "Methadone",
        "MU MM METH DM",
        "A daily medicine for opioid use disorder that eases withdrawal and cravings and lowers "
        "the risk of overdose. As ongoing addiction treatment it is given only at certified "
        "opioid treatment programs (methadone clinics).",
    ),
    (
        "naltrexone",
        "Naltrexone",
        "NU UN RPN NXN VTRL",
        "A medicine that blocks the effects of opioids and reduces cravings for alcohol. It is a "
        "daily pill or a monthly shot (Vivitrol); for opioid use, you need to be off opioids for "
        "about 7 to 10 days before starting it.",
    ),
    (
        "acamprosate",
        "Acamprosate",
        "ACM",
        "A pill for alcohol use disorder that helps people who have stopped drinking keep from "
        "drinking again by easing cravings and discomfort.",
    ),
    (
        "disulfiram",
        "Disulfiram",
        "DSF",
        "A daily pill for alcohol use disorder (Antabuse). Drinking alcohol while taking it "
        "causes an unpleasant reaction, such as flushing, nausea and a pounding heart, which "
        "helps some people avoid drinking.",
    ),
    (
        "lofexidine-clonidine",
        "Lofexidine or clonidine (for withdrawal)",
        "DLC LFXD CLND",
        "Non-opioid medicines that ease opioid withdrawal symptoms such as anxiety, sweating and "
        "cramps during detox. They help with withdrawal but do not treat opioid use disorder on "
        "their own.",
    ),
    (
        # NSC is SAMHSA's "non-nicotine smoking/tobacco cessation" (e.g. bupropion), hence
        # the broader public name.
        "nicotine-replacement",
        "Nicotine replacement and other quit-smoking medicines",
        "NRT NSC",
        "Patches, gum or lozenges that give nicotine without tobacco, and non-nicotine medicines "
        "such as bupropion. They ease cravings while you quit smoking or other tobacco.",
    ),
)

ACCREDITATIONS = (
    (
        "carf",
        "CARF accreditation",
        "CARF",
        "Accredited by CARF (Commission on Accreditation of Rehabilitation Facilities), an "
        "independent nonprofit. The facility chose to be reviewed and met CARF's standards for "
        "quality and safety.",
    ),
    (
        "joint-commission",
        "Joint Commission accreditation",
        "JC",
        "Accredited by The Joint Commission, an independent nonprofit that reviews hospitals and "
        "other health care providers. The facility chose to be inspected and met its standards "
        "for quality and safety.",
    ),
    (
        "ncqa",
        "NCQA accreditation",
        "NCQA",
        "Accredited by the National Committee for Quality Assurance, a nonprofit that checks "
        "health care organizations against quality standards.",
    ),
    (
        "coa",
        "COA accreditation",
        "COA",
        "Accredited by the Council on Accreditation, a nonprofit that reviews human and social "
        "service organizations against quality standards.",
    ),
    (
        "hfap",
        "HFAP accreditation",
        "HFAP",
        "Accredited by the Healthcare Facilities Accreditation Program, which reviews hospitals "
        "and other health facilities against quality standards.",
    ),
    (
        "state-substance-use-agency",
        "State substance use agency",
        "STAG",
        "Licensed, certified or approved by the state agency in charge of substance use treatment.",
    ),
    (
        "state-mental-health",
        "State mental health department",
        "STMH",
        "Licensed, certified or approved by the state agency in charge of mental health services.",
    ),
    (
        "state-health-department",
        "State health department",
        "STDH",
        "Licensed, certified or approved by the state department of health.",
    ),
    (
        "hospital-licence",
        "Hospital licensing authority",
        "HLA",
        "Licensed by the authority that licenses hospitals.",
    ),
    (
        "fqhc",
        "Federally Qualified Health Center (FQHC)",
        "FQHC",
        "A community health center that gets federal support to serve areas with few health "
        "care options. It must serve everyone, whatever their ability to pay, and offers fees "
        "based on income.",
    ),
    (
        "samhsa-otp",
        "SAMHSA-certified opioid treatment program",
        "SOTP",
        "Certified by SAMHSA as an opioid treatment program (OTP), the kind of clinic allowed to "
        "give methadone as ongoing treatment for opioid use disorder.",
    ),
    (
        # SAMHSA's legend says "Drug Enforcement Agency"; the agency's name is Administration.
        "dea",
        "DEA registration",
        "DEA",
        "Registered with the Drug Enforcement Administration (DEA), which a program needs in "
        "order to dispense controlled medicines such as methadone or buprenorphine.",
    ),
)

VOCABULARIES = (
    ("PaymentOption", PAYMENT_OPTIONS),
    ("Language", LANGUAGES),
    ("Population", POPULATIONS),
    ("Medication", MEDICATIONS),
    ("Accreditation", ACCREDITATIONS),
)


def seed(apps, schema_editor):
    for model_name, rows in VOCABULARIES:
        model = apps.get_model("facilities", model_name)
        for slug, name, codes, description in rows:
            model.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "samhsa_codes": codes, "description": description},
            )


def unseed(apps, schema_editor):
    for model_name, rows in VOCABULARIES:
        model = apps.get_model("facilities", model_name)
        model.objects.filter(slug__in=[row[0] for row in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
