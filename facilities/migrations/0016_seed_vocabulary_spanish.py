"""Every seeded vocabulary entry's Spanish name and description, for the Spanish pages (/es/…).

Written in plain US Spanish, with the English acronym or program name in parentheses where people will hear it on
the phone (Medicaid, TRICARE, DEA). An entry a curator has already translated keeps its translation; reversing
leaves the text (the fields go with 0015).
"""

from django.db import migrations

# Model name -> slug -> (name_es, description_es)
SPANISH = {
    "paymentoption": {
        "free": (
            "Gratis (no se acepta pago)",
            "El tratamiento es gratis para todos: el centro no acepta pagos.",
        ),
        "government-funding": (
            "Fondos del gobierno o de SAMHSA",
            "Dinero del gobierno federal, estatal o local, incluidas las subvenciones de SAMHSA, que ayuda a pagar el "
            "tratamiento. A menudo ayuda a quienes no tienen seguro o no pueden pagar.",
        ),
        "ihs-tribal": (
            "Servicio de Salud Indígena (IHS), fondos tribales o de programas indígenas urbanos",
            "Dinero del Servicio de Salud Indígena (Indian Health Service), de una tribu o de un programa de salud "
            "indígena urbano, que puede pagar la atención de indígenas americanos y nativos de Alaska.",
        ),
        "medicaid": (
            "Medicaid",
            "Seguro médico público para personas de bajos ingresos, que cada estado administra con ayuda federal. Lo "
            "que cubre cambia de un estado a otro.",
        ),
        "medicare": (
            "Medicare",
            "Seguro médico federal para personas de 65 años o más y para algunas personas más jóvenes con "
            "discapacidades.",
        ),
        "military-insurance": (
            "Seguro militar (como TRICARE)",
            "Seguro médico militar federal, como TRICARE, para miembros de las fuerzas armadas, jubilados militares y "
            "sus familias.",
        ),
        "payment-assistance": (
            "Ayuda para pagar",
            "El centro tiene un programa que puede ayudar a personas con pocos ingresos, o con poco o ningún seguro, a "
            "pagar parte o todo el costo. Pida los detalles al centro.",
        ),
        "private-insurance": (
            "Seguro médico privado",
            "Seguro de un empleador, de un sindicato o de un plan que usted compró, como un plan del mercado de seguros "
            "(Marketplace). Pregunte a su aseguradora o al centro si el programa está cubierto.",
        ),
        "self-pay": (
            "Pago en efectivo o por cuenta propia",
            "Usted paga el tratamiento por su cuenta, sin usar un seguro. Pregunte cuánto costará antes de empezar.",
        ),
        "sliding-scale": (
            "Tarifa según ingresos",
            "El precio depende de sus ingresos y a veces del tamaño de su familia: quien gana menos paga menos. "
            "Pregunte qué comprobante de ingresos pide el centro.",
        ),
        "state-insurance": (
            "Seguro médico estatal (no Medicaid)",
            "Un plan de seguro médico que paga su estado y que es distinto de Medicaid.",
        ),
    },
    "language": {
        "arabic": ("Árabe", "El personal puede ofrecer tratamiento en árabe."),
        "chinese": (
            "Chino",
            "El personal puede ofrecer tratamiento en un idioma chino, como el mandarín o el cantonés. Pregunte cuál.",
        ),
        "creole": (
            "Criollo",
            "El personal puede ofrecer tratamiento en un idioma criollo, como el criollo haitiano. Pregunte cuál.",
        ),
        "farsi": ("Farsi (persa)", "El personal puede ofrecer tratamiento en farsi (persa)."),
        "french": ("Francés", "El personal puede ofrecer tratamiento en francés."),
        "german": ("Alemán", "El personal puede ofrecer tratamiento en alemán."),
        "greek": ("Griego", "El personal puede ofrecer tratamiento en griego."),
        "hebrew": ("Hebreo", "El personal puede ofrecer tratamiento en hebreo."),
        "hindi": ("Hindi", "El personal puede ofrecer tratamiento en hindi."),
        "hmong": ("Hmong", "El personal puede ofrecer tratamiento en hmong."),
        "italian": ("Italiano", "El personal puede ofrecer tratamiento en italiano."),
        "japanese": ("Japonés", "El personal puede ofrecer tratamiento en japonés."),
        "korean": ("Coreano", "El personal puede ofrecer tratamiento en coreano."),
        "native-american": (
            "Lenguas indígenas americanas o de Alaska",
            "El personal puede ofrecer tratamiento en una lengua indígena americana o de Alaska. Pregunte qué lenguas "
            "hablan.",
        ),
        "ojibwa": ("Ojibwe (ojibwa)", "El personal puede ofrecer tratamiento en ojibwe (ojibwa)."),
        "polish": ("Polaco", "El personal puede ofrecer tratamiento en polaco."),
        "portuguese": ("Portugués", "El personal puede ofrecer tratamiento en portugués."),
        "russian": ("Ruso", "El personal puede ofrecer tratamiento en ruso."),
        "sign-language": (
            "Lenguaje de señas",
            "Servicios para personas sordas o con problemas de audición, como intérpretes de lenguaje de señas o "
            "personal que usa señas.",
        ),
        "spanish": ("Español", "El personal puede ofrecer tratamiento en español."),
        "tagalog": ("Tagalo (filipino)", "El personal puede ofrecer tratamiento en tagalo (filipino)."),
        "vietnamese": ("Vietnamita", "El personal puede ofrecer tratamiento en vietnamita."),
        "yupik": ("Yupik", "El personal puede ofrecer tratamiento en yupik."),
    },
    "population": {
        "active-military": (
            "Militares en servicio activo",
            "Programas o grupos para personas que hoy están en servicio activo en las fuerzas armadas.",
        ),
        "adolescents": ("Adolescentes", "Programas o grupos para jóvenes de 17 años o menos."),
        "chronic-pain": (
            "Personas con dolor crónico",
            "Programas para personas que viven con un dolor de larga duración además de un trastorno por consumo de "
            "sustancias.",
        ),
        "co-occurring": (
            "Trastornos de salud mental concurrentes",
            "Programas para personas que tienen un trastorno de salud mental, como depresión, ansiedad o trastorno de "
            "estrés postraumático (PTSD), además de un trastorno por consumo de sustancias. Ambos se tratan a la vez.",
        ),
        "criminal-justice": (
            "Personas con casos en el sistema de justicia",
            "Programas para personas enviadas por un tribunal o que tienen otro asunto con el sistema de justicia "
            "penal, por motivos distintos de un DUI o DWI.",
        ),
        "domestic-violence": (
            "Sobrevivientes de violencia doméstica o de pareja",
            "Programas o grupos para personas que han sido lastimadas o maltratadas por su pareja, su cónyuge o un "
            "familiar.",
        ),
        "dui-dwi": (
            "Personas con cargos de DUI/DWI",
            "Programas para personas enviadas después de un cargo por manejar bajo los efectos del alcohol o las "
            "drogas (DUI) o por manejar en estado de ebriedad (DWI). Algunos centros atienden solo a personas con "
            "cargos de DUI/DWI.",
        ),
        "hiv-aids": ("Personas con VIH o sida", "Programas o grupos para personas que viven con VIH o sida."),
        "lgbtq": (
            "Personas LGBTQ+",
            "Programas o grupos para personas lesbianas, gays, bisexuales, transgénero y queer o que se cuestionan su "
            "identidad.",
        ),
        "men": ("Hombres", "Programas o grupos solo para hombres adultos."),
        "military-families": (
            "Familias de militares",
            "Programas o grupos para familiares de personas que sirven o han servido en las fuerzas armadas.",
        ),
        "pregnant-postpartum": (
            "Mujeres embarazadas o en el posparto",
            "Programas para mujeres que están embarazadas o que dieron a luz hace poco. La atención se planea "
            "pensando en la salud de la madre y del bebé.",
        ),
        "seniors": ("Adultos mayores", "Programas o grupos para personas de la tercera edad y otros adultos mayores."),
        "sexual-abuse-survivors": (
            "Sobrevivientes de abuso sexual",
            "Programas o grupos para personas que han sufrido abuso sexual.",
        ),
        "trauma-survivors": (
            "Sobrevivientes de trauma",
            "Programas o grupos para personas que han vivido un trauma, como violencia, abuso, un desastre, el combate "
            "o un accidente grave.",
        ),
        "veterans": ("Veteranos", "Programas o grupos para personas que sirvieron en las fuerzas armadas."),
        "women": ("Mujeres", "Programas o grupos solo para mujeres adultas."),
        "young-adults": ("Adultos jóvenes", "Programas o grupos para adultos jóvenes, de unos 18 a 25 años."),
    },
    "eligibility": {
        "accepts-outside-alcohol-medication": (
            "Acepta a personas con medicamentos para el alcoholismo recetados en otro lugar",
            "Acepta a personas que toman medicamentos para el trastorno por consumo de alcohol recetados por alguien "
            "de fuera del centro.",
        ),
        "accepts-outside-medication": (
            "Acepta a personas con medicamentos recetados en otro lugar",
            "Acepta a personas que toman medicamentos para el trastorno por consumo de opioides, como la buprenorfina "
            "o la metadona, recetados por alguien de fuera del centro.",
        ),
        "alcohol-use-disorder-only": (
            "Trata solo el trastorno por consumo de alcohol",
            "Trata únicamente el trastorno por consumo de alcohol.",
        ),
        "dui-dwi-only": (
            "Solo personas con cargos de DUI/DWI",
            "Atiende solo a personas enviadas después de un cargo de DUI o DWI.",
        ),
        "men-only": ("Solo hombres", "El centro acepta solo hombres."),
        "no-alcohol-medication": (
            "Sin medicamentos para el trastorno por consumo de alcohol",
            "No usa medicamentos para tratar el trastorno por consumo de alcohol.",
        ),
        "no-alcohol-use-disorder": (
            "No trata el trastorno por consumo de alcohol",
            "No trata el trastorno por consumo de alcohol.",
        ),
        "no-opioid-medication": (
            "Sin medicamentos para el trastorno por consumo de opioides",
            "No usa medicamentos (como la buprenorfina o la metadona) para tratar el trastorno por consumo de "
            "opioides.",
        ),
        "no-opioid-use-disorder": (
            "No trata el trastorno por consumo de opioides",
            "No trata el trastorno por consumo de opioides.",
        ),
        "opioid-use-disorder-only": (
            "Trata solo el trastorno por consumo de opioides",
            "Trata únicamente el trastorno por consumo de opioides.",
        ),
        "women-only": ("Solo mujeres", "El centro acepta solo mujeres."),
    },
    "agegroup": {
        "adults": ("Adultos (de 26 a 64 años)", "Acepta adultos de 26 a 64 años."),
        "children": ("Niños y adolescentes (17 años o menos)", "Acepta niños y adolescentes de 17 años o menos."),
        "seniors": ("Adultos mayores (65 años o más)", "Acepta adultos de 65 años o más."),
        "young-adults": ("Adultos jóvenes (de 18 a 25 años)", "Acepta adultos jóvenes de 18 a 25 años."),
    },
    "supportservice": {
        "aftercare": ("Atención de seguimiento y continua", "Apoyo después de terminar el tratamiento."),
        "beds-for-children": (
            "Camas residenciales para los hijos de los pacientes",
            "Los hijos pueden quedarse con su madre o su padre durante el tratamiento residencial.",
        ),
        "child-care": (
            "Cuidado de niños",
            "Cuidado de los hijos de los pacientes mientras ellos están en tratamiento.",
        ),
        "domestic-violence": (
            "Servicios para casos de violencia doméstica",
            "Ayuda para la seguridad de las personas lastimadas por su pareja o un familiar, incluidos servicios para "
            "la familia o la pareja.",
        ),
        "education": (
            "Capacitación laboral o educación (como el GED)",
            "Capacitación para el trabajo o ayuda con los estudios, como cursos de secundaria (high school) o "
            "preparación para el GED.",
        ),
        "employment": (
            "Orientación o capacitación para el empleo",
            "Ayuda para planear, encontrar y mantener un trabajo.",
        ),
        "hiv-early-intervention": ("Intervención temprana para el VIH", "Detección y tratamiento tempranos del VIH."),
        "housing": ("Ayuda con la vivienda", "Ayuda para encontrar y mantener un lugar donde vivir."),
        "mental-health": (
            "Servicios de salud mental",
            "Evaluación, diagnóstico y tratamiento de trastornos de salud mental.",
        ),
        "naloxone": (
            "Naloxona y educación sobre sobredosis",
            "Enseña cómo prevenir y revertir una sobredosis de opioides.",
        ),
        "primary-care": ("Atención primaria", "Atención médica general junto con el tratamiento de adicciones."),
        "self-help-groups": ("Grupos de autoayuda", "Grupos de personas con el mismo problema que se apoyan entre sí."),
        "smoke-free": ("Libre de humo (no se permite fumar)", "No se permite fumar en el centro."),
        "social-services": (
            "Ayuda para obtener servicios sociales",
            "Ayuda para solicitar beneficios y otros servicios.",
        ),
        "suicide-prevention": ("Prevención del suicidio", "Ayuda para personas en riesgo de suicidio."),
        "tobacco-cessation": (
            "Ayuda para dejar de fumar o vapear",
            "Consejería para dejar de fumar, de vapear o de usar tabaco.",
        ),
        "transitional-housing": (
            "Vivienda de transición o vivienda sobria",
            "Vivienda libre de alcohol y drogas, con apoyo, como paso hacia una vida independiente.",
        ),
        "transportation": ("Ayuda con el transporte", "Ayuda para ir al tratamiento y volver."),
    },
    "medication": {
        "acamprosate": (
            "Acamprosato",
            "Una pastilla para el trastorno por consumo de alcohol que ayuda a quienes ya dejaron de beber a no volver "
            "a hacerlo, porque alivia los deseos de beber y las molestias.",
        ),
        "buprenorphine": (
            "Buprenorfina",
            "Un medicamento para el trastorno por consumo de opioides que alivia la abstinencia y los deseos de "
            "consumir, y reduce el riesgo de sobredosis. Viene en una tira o tableta que se disuelve en la boca (como "
            "Suboxone) o en una inyección de acción prolongada.",
        ),
        "disulfiram": (
            "Disulfiram",
            "Una pastilla diaria para el trastorno por consumo de alcohol (Antabuse). Beber alcohol mientras se toma "
            "causa una reacción desagradable, como enrojecimiento, náuseas y latidos fuertes del corazón, y eso ayuda a "
            "algunas personas a no beber.",
        ),
        "lofexidine-clonidine": (
            "Lofexidina o clonidina (para la abstinencia)",
            "Medicamentos que no son opioides y que alivian síntomas de la abstinencia de opioides, como la ansiedad, "
            "el sudor y los calambres, durante la desintoxicación. Ayudan con la abstinencia, pero por sí solos no "
            "tratan el trastorno por consumo de opioides.",
        ),
        "mental-health-medication": (
            "Medicamentos para trastornos de salud mental",
            "Medicamentos para trastornos como la depresión, la ansiedad o el trastorno bipolar, recetados junto con el "
            "tratamiento de adicciones.",
        ),
        "methadone": (
            "Metadona",
            "Un medicamento diario para el trastorno por consumo de opioides que alivia la abstinencia y los deseos de "
            "consumir, y reduce el riesgo de sobredosis. Como tratamiento continuo de la adicción, solo se da en "
            "programas certificados de tratamiento de opioides (clínicas de metadona).",
        ),
        "naltrexone": (
            "Naltrexona",
            "Un medicamento que bloquea los efectos de los opioides y reduce los deseos de beber alcohol. Es una "
            "pastilla diaria o una inyección mensual (Vivitrol). Para el consumo de opioides, usted debe estar sin "
            "opioides unos 7 a 10 días antes de empezarlo.",
        ),
        "nicotine-replacement": (
            "Reemplazo de nicotina y otros medicamentos para dejar de fumar",
            "Parches, chicles o pastillas para chupar que dan nicotina sin tabaco, y medicamentos sin nicotina como el "
            "bupropión. Alivian los deseos mientras usted deja de fumar o de usar otro tipo de tabaco.",
        ),
    },
    "accreditation": {
        "carf": (
            "Acreditación de CARF",
            "Acreditado por CARF (Comisión de Acreditación de Centros de Rehabilitación), una organización "
            "independiente sin fines de lucro. El centro pidió ser evaluado y cumplió las normas de calidad y "
            "seguridad de CARF.",
        ),
        "coa": (
            "Acreditación de COA",
            "Acreditado por el Council on Accreditation (COA), una organización sin fines de lucro que evalúa a "
            "organizaciones de servicios humanos y sociales según normas de calidad.",
        ),
        "dea": (
            "Registro de la DEA",
            "Registrado ante la Administración para el Control de Drogas (DEA), un requisito para que un programa "
            "pueda dar medicamentos controlados como la metadona o la buprenorfina.",
        ),
        "fqhc": (
            "Centro de salud con calificación federal (FQHC)",
            "Un centro de salud comunitario que recibe apoyo federal para atender zonas con pocas opciones de atención "
            "médica. Debe atender a todas las personas, puedan pagar o no, y ofrece tarifas según ingresos.",
        ),
        "hfap": (
            "Acreditación de HFAP",
            "Acreditado por el Healthcare Facilities Accreditation Program (HFAP), que evalúa hospitales y otros "
            "centros de salud según normas de calidad.",
        ),
        "hospital-licence": (
            "Autoridad de licencias de hospitales",
            "Con licencia de la autoridad que otorga licencias a los hospitales.",
        ),
        "joint-commission": (
            "Acreditación de la Joint Commission",
            "Acreditado por The Joint Commission, una organización independiente sin fines de lucro que evalúa "
            "hospitales y otros proveedores de atención médica. El centro pidió ser inspeccionado y cumplió sus normas "
            "de calidad y seguridad.",
        ),
        "ncqa": (
            "Acreditación de NCQA",
            "Acreditado por el National Committee for Quality Assurance (NCQA), una organización sin fines de lucro "
            "que evalúa a organizaciones de atención médica según normas de calidad.",
        ),
        "samhsa-otp": (
            "Programa de tratamiento de opioides certificado por SAMHSA",
            "Certificado por SAMHSA como programa de tratamiento de opioides (OTP), el tipo de clínica que puede dar "
            "metadona como tratamiento continuo del trastorno por consumo de opioides.",
        ),
        "state-health-department": (
            "Departamento de salud del estado",
            "Con licencia, certificación o aprobación del departamento de salud del estado.",
        ),
        "state-mental-health": (
            "Departamento de salud mental del estado",
            "Con licencia, certificación o aprobación de la agencia del estado a cargo de los servicios de salud "
            "mental.",
        ),
        "state-substance-use-agency": (
            "Agencia del estado para el consumo de sustancias",
            "Con licencia, certificación o aprobación de la agencia del estado a cargo del tratamiento del consumo de "
            "sustancias.",
        ),
    },
}


def seed(apps, schema_editor):
    for model_name, entries in SPANISH.items():
        model = apps.get_model("facilities", model_name)
        for slug, (name_es, description_es) in entries.items():
            model.objects.filter(slug=slug, name_es="").update(name_es=name_es, description_es=description_es)


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0015_vocabulary_spanish"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
