"""Give each national directory code its own meaning (2023 legend, samhsa_service_codes_2023.csv).

- New lists: who is served (women only, DUI/DWI clients only, accepts medication prescribed
  elsewhere, …), ages accepted, and support services (transportation, child care, housing, …).
- Ages accepted (CHLD, YAD, SNR) leave the "groups served" entries, which keep only the special
  programs (AD, TAY, SE); "serves only DUI/DWI clients" (DUO) leaves the DUI/DWI program entry.
- Self-help groups (SHG) are a support service, not 12-step facilitation; vocational and employment
  help (VOC, EMP) are support services, not "Life skills" (social skills development, SSD);
  community reinforcement plus vouchers (CRV) is its own approach, not contingency management.
- A federally certified opioid treatment program (OTP) is the SAMHSA OTP certification entry; medication for
  mental disorders (MMD) is a medication entry of its own.

An entry's codes change only while they are still what an earlier migration seeded: a curator's edit stays.
"""

from django.db import migrations

ELIGIBILITY = (
    # Women only / men only come from the gender codes (FEM without MALE, MALE without FEM), not one code.
    ("women-only", "Women only", "", "The facility accepts only women."),
    ("men-only", "Men only", "", "The facility accepts only men."),
    ("dui-dwi-only", "DUI/DWI clients only", "DUO", "Serves only people referred after a DUI or DWI charge."),
    ("opioid-use-disorder-only", "Treats opioid use disorder only", "OUDO", "Treats only opioid use disorder."),
    ("alcohol-use-disorder-only", "Treats alcohol use disorder only", "AUDO", "Treats only alcohol use disorder."),
    ("no-alcohol-use-disorder", "Does not treat alcohol use disorder", "NAUT", "Does not treat alcohol use disorder."),
    ("no-opioid-use-disorder", "Does not treat opioid use disorder", "NOOP", "Does not treat opioid use disorder."),
    (
        "no-opioid-medication",
        "No medication for opioid use disorder",
        "NMOA",
        "Does not use medication (such as buprenorphine or methadone) to treat opioid use disorder.",
    ),
    (
        "no-alcohol-medication",
        "No medication for alcohol use disorder",
        "NMAUT",
        "Does not use medication to treat alcohol use disorder.",
    ),
    (
        "accepts-outside-medication",
        "Accepts people on medication prescribed elsewhere",
        "MOA",
        "Accepts people who take medication for opioid use disorder, such as buprenorphine or methadone, "
        "prescribed by someone outside the facility.",
    ),
    (
        "accepts-outside-alcohol-medication",
        "Accepts people on alcohol use disorder medication prescribed elsewhere",
        "ACMA",
        "Accepts people who take medication for alcohol use disorder prescribed by someone outside the facility.",
    ),
)

AGES = (
    ("children", "Children and teens (17 or younger)", "CHLD", "Accepts children and teens, 17 or younger."),
    ("young-adults", "Young adults (18 to 25)", "YAD", "Accepts young adults, 18 to 25."),
    ("adults", "Adults (26 to 64)", "ADLT", "Accepts adults, 26 to 64."),
    ("seniors", "Older adults (65 or older)", "SNR", "Accepts adults 65 or older."),
)

SERVICES = (
    ("transportation", "Help with transportation", "TA", "Help getting to and from treatment."),
    ("child-care", "Child care", "CCC", "Child care for clients' children while they are in treatment."),
    (
        "beds-for-children",
        "Residential beds for clients' children",
        "BC",
        "Children can stay with their parent during residential treatment.",
    ),
    ("housing", "Help with housing", "HS", "Help finding and keeping a place to live."),
    (
        "transitional-housing",
        "Transitional housing or sober home",
        "HH",
        "Housing free of alcohol and drugs, with support, as a step toward living on your own.",
    ),
    ("self-help-groups", "Self-help groups", "SHG", "Groups of people with the same problem who support each other."),
    ("employment", "Employment counseling or training", "EMP", "Help planning, finding and keeping work."),
    (
        "education",
        "Vocational training or education (such as GED)",
        "VOC",
        "Job training or help with schooling, such as high school coursework or GED preparation.",
    ),
    ("social-services", "Help getting social services", "AOSS", "Help applying for benefits and other services."),
    (
        "mental-health",
        "Mental health services",
        "MHS",
        "Assessment, diagnosis and treatment of mental health conditions.",
    ),
    ("suicide-prevention", "Suicide prevention", "SPS", "Help for people at risk of suicide."),
    ("naloxone", "Naloxone and overdose education", "NOE", "Teaches how to prevent and reverse an opioid overdose."),
    ("aftercare", "Aftercare and continuing care", "ACC", "Support after treatment ends."),
    ("tobacco-cessation", "Help quitting smoking or vaping", "TCC", "Counseling to stop smoking, vaping or tobacco."),
    ("smoke-free", "Smoke-free (smoking not permitted)", "SMON", "Smoking is not allowed at the facility."),
    (
        "domestic-violence",
        "Domestic violence services",
        "DVFP",
        "Safety help for people hurt by a partner or family member, including family or partner services.",
    ),
    ("primary-care", "Primary care", "IPC", "General health care alongside addiction treatment."),
    ("hiv-early-intervention", "Early intervention for HIV", "EIH", "Early detection and treatment of HIV."),
)

# (model, slug, codes seeded before, codes now)
RECODED = (
    ("facilities", "Population", "adolescents", "AD CHLD", "AD"),
    ("facilities", "Population", "young-adults", "TAY YAD", "TAY"),
    ("facilities", "Population", "seniors", "SE SNR", "SE"),
    ("facilities", "Population", "dui-dwi", "DU DUO", "DU"),
    ("programs", "Therapy", "twelve-step", "TWFA SHG", "TWFA"),
    ("programs", "Therapy", "life-skills", "SSD VOC EMP", "SSD"),
    ("programs", "Therapy", "contingency-management", "CMI CRV", "CMI"),
    ("facilities", "Accreditation", "samhsa-otp", "SOTP", "SOTP OTP"),
)

MENTAL_HEALTH_MEDICATION = (
    "mental-health-medication",
    "Medication for mental health conditions",
    "MMD",
    "Medicines for conditions such as depression, anxiety or bipolar disorder, prescribed alongside addiction "
    "treatment.",
)

COMMUNITY_REINFORCEMENT = (
    "community-reinforcement",
    "Community reinforcement with vouchers",
    "individual",
    "CRV",
    "Works on family, work and daily life so that a life without drugs is more rewarding, and gives "
    "vouchers for staying drug-free that can be traded for goods.",
)


def seed(apps, schema_editor):
    for model_name, rows in (("Eligibility", ELIGIBILITY), ("AgeGroup", AGES), ("SupportService", SERVICES)):
        model = apps.get_model("facilities", model_name)
        for slug, name, codes, description in rows:
            model.objects.get_or_create(
                slug=slug, defaults={"name": name, "samhsa_codes": codes, "description": description}
            )
    for app, model_name, slug, before, now in RECODED:
        apps.get_model(app, model_name).objects.filter(slug=slug, samhsa_codes=before).update(samhsa_codes=now)
    slug, name, codes, description = MENTAL_HEALTH_MEDICATION
    apps.get_model("facilities", "Medication").objects.get_or_create(
        slug=slug, defaults={"name": name, "samhsa_codes": codes, "description": description}
    )
    Therapy = apps.get_model("programs", "Therapy")
    slug, name, category, codes, description = COMMUNITY_REINFORCEMENT
    Therapy.objects.get_or_create(
        slug=slug, defaults={"name": name, "category": category, "samhsa_codes": codes, "description": description}
    )


def unseed(apps, schema_editor):
    for app, model_name, slug, before, now in RECODED:
        apps.get_model(app, model_name).objects.filter(slug=slug, samhsa_codes=now).update(samhsa_codes=before)
    apps.get_model("programs", "Therapy").objects.filter(slug=COMMUNITY_REINFORCEMENT[0]).delete()
    apps.get_model("facilities", "Medication").objects.filter(slug=MENTAL_HEALTH_MEDICATION[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0006_directory_meanings"),
        ("programs", "0002_seed_therapies"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
