"""Every seeded therapy's Spanish name and description, for the Spanish pages (/es/…).

Written in plain US Spanish, with the English acronym in parentheses where people will hear it on the phone. An
entry a curator has already translated keeps its translation; reversing leaves the text (the fields go with 0005).
"""

from django.db import migrations

# slug -> (name_es, description_es)
THERAPIES = {
    "acupuncture": (
        "Acupuntura",
        "Agujas muy finas que se ponen en puntos del cuerpo, a menudo en la oreja. Buscan aliviar el estrés, las "
        "ganas de consumir o los malestares de la abstinencia. Los estudios no son claros. Por eso se usa junto "
        "con el tratamiento principal, no en su lugar.",
    ),
    "anger-management": (
        "Manejo de la ira",
        "Le enseña a notar cuando la ira crece, a calmarse y a manejar los conflictos sin violencia.",
    ),
    "brief-intervention": (
        "Intervención breve",
        "Una o unas pocas sesiones cortas. Le ayudan a mirar su consumo de alcohol o drogas y a decidir si quiere"
        " cambiar. Es para un consumo de riesgo que todavía no es grave.",
    ),
    "case-management": (
        "Manejo de casos",
        "Un administrador de casos le ayuda a conseguir otros servicios que necesita, como vivienda, atención "
        "médica, transporte o beneficios. También los coordina con su tratamiento.",
    ),
    "cbt": (
        "Terapia cognitivo-conductual (CBT)",
        "Le ayuda a ver las ideas y las situaciones que le llevan a beber o a usar drogas. También le ayuda a "
        "practicar nuevas formas de manejarlas. Es uno de los tratamientos más estudiados para el consumo de "
        "sustancias.",
    ),
    "community-reinforcement": (
        "Refuerzo comunitario con vales",
        "Trabaja en la familia, el empleo y la vida diaria para que una vida sin drogas sea más gratificante, y "
        "da vales por mantenerse sin drogas que se pueden cambiar por productos.",
    ),
    "contingency-management": (
        "Manejo de contingencias (premios por avanzar)",
        "Usted gana pequeños premios, como vales o regalos, cuando cumple sus metas. Por ejemplo, cuando sale "
        "negativo en una prueba de drogas o cuando va a sus sesiones. Los estudios lo apoyan, sobre todo para "
        "estimulantes como la cocaína y la metanfetamina.",
    ),
    "couples-counseling": (
        "Consejería de pareja",
        "Consejería con su esposo, esposa o pareja. Juntos trabajan en la relación y en cómo manejan el consumo "
        "de alcohol o drogas.",
    ),
    "creative-arts": (
        "Artes creativas (arte y música)",
        "Arte, música y otras actividades creativas. Le dan otra forma de mostrar lo que siente y de aliviar el "
        "estrés. Se usan junto con el tratamiento principal, no en su lugar.",
    ),
    "dbt": (
        "Terapia dialéctica conductual (DBT)",
        "Es un tipo de terapia cognitivo-conductual. Le enseña a manejar emociones fuertes, a pasar los malos "
        "momentos sin consumir y a llevarse bien con los demás.",
    ),
    "faith-based": (
        "Apoyo basado en la fe",
        "Apoyo espiritual o religioso, como la oración o los grupos de recuperación basados en la fe. Es para "
        "quien quiere que su fe sea parte de su recuperación. Se usa junto con el tratamiento principal, no en su"
        " lugar.",
    ),
    "family-therapy": (
        "Terapia familiar",
        "Sesiones con su familia para hablar mejor, sanar las relaciones y ayudar a la familia a apoyar la "
        "recuperación.",
    ),
    "fitness-nutrition": (
        "Ejercicio y consejería sobre nutrición",
        "Ejercicio y consejos para comer sano. Ayudan a recuperar la salud del cuerpo, el sueño y el ánimo. Se "
        "usan junto con el tratamiento principal, no en su lugar.",
    ),
    "group-therapy": (
        "Terapia de grupo",
        "Un grupo pequeño, guiado por un consejero con formación. Personas con problemas parecidos cuentan lo que"
        " viven, practican habilidades y se apoyan. Es la parte principal de casi todos los programas intensivos "
        "ambulatorios.",
    ),
    "individual-counseling": (
        "Consejería individual",
        "Sesiones privadas, a solas con un consejero o terapeuta, para trabajar en sus propias metas y problemas.",
    ),
    "life-skills": (
        "Habilidades para la vida",
        "Ayuda práctica con cosas de todos los días, como hablar con los demás, buscar trabajo o volver a "
        "estudiar. Estas habilidades apoyan una vida estable en recuperación.",
    ),
    "matrix-model": (
        "Modelo Matrix",
        "Un programa ambulatorio de 16 semanas, con un plan fijo. Se hizo primero para el consumo de "
        "estimulantes, como la cocaína o la metanfetamina. Une sesiones de grupo, prevención de recaídas, clases "
        "para la familia, pruebas de drogas y apoyo de 12 pasos.",
    ),
    "mindfulness-yoga": (
        "Atención plena (mindfulness) y yoga",
        "Meditación, ejercicios para respirar y yoga para ayudarle a manejar el estrés y las ganas de consumir. "
        "Se usan junto con el tratamiento principal, no en su lugar.",
    ),
    "motivational-interviewing": (
        "Entrevista motivacional",
        "Una forma de consejería que le respeta y no le juzga. Le ayuda a aclarar sus dudas sobre el cambio y a "
        "encontrar sus propias razones para cambiar.",
    ),
    "peer-support": (
        "Apoyo entre pares y acompañamiento en la recuperación",
        "Apoyo de un par con formación o de un coach de recuperación. Es alguien que ha pasado por la adicción y "
        "la recuperación. Le cuenta lo que le ayudó, le pone en contacto con recursos y le anima.",
    ),
    "relapse-prevention": (
        "Prevención de recaídas",
        "Le ayuda a ver sus señales de alerta y las situaciones de alto riesgo. También le ayuda a planear qué "
        "hacer con las ganas de consumir y los tropiezos. Un desliz se ve como algo que le enseña, no como un "
        "fracaso.",
    ),
    "substance-use-counseling": (
        "Consejería sobre el consumo de sustancias",
        "Consejería sobre su consumo de alcohol o drogas. Le ayuda a entenderlo y a ponerse metas. También le "
        "ayuda a crear las habilidades y el apoyo para dejarlo o consumir menos.",
    ),
    "trauma-counseling": (
        "Consejería sobre el trauma",
        "Terapia que le ayuda con los efectos del trauma, como el abuso, la violencia o la guerra. El trauma va "
        "muchas veces junto con el consumo de sustancias.",
    ),
    "twelve-step": (
        "Facilitación de 12 pasos",
        "Le prepara y le anima a unirse a grupos de ayuda mutua, como Alcohólicos Anónimos (AA) o Narcóticos "
        "Anónimos (NA), u otros grupos de autoayuda. Los grupos los llevan sus propios miembros y son gratis.",
    ),
}


def seed(apps, schema_editor):
    Therapy = apps.get_model("programs", "Therapy")
    for slug, (name_es, description_es) in THERAPIES.items():
        Therapy.objects.filter(slug=slug, name_es="").update(name_es=name_es, description_es=description_es)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_vocabulary_spanish"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
