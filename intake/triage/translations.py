"""The rules' runner-facing texts in Spanish, as data beside rules.py (rules are data).

Each translation names the English it was made from (`english`: a digest of the rule's message
and noted text): when the English changes, tests/intake/test_triage_spanish.py fails until the
translation is redone. `reviewed_by` stays empty until a clinician who reads Spanish signs the
translation off ("name, date"); until then every case that shows it is marked "Spanish text
needs clinician review" on the staff case page, as an unverified rule is. A translation keeps
the English meaning exactly; where Spanish forces a choice, the more cautious wording.
"""

from dataclasses import dataclass
from hashlib import sha256


@dataclass(frozen=True)
class RuleText:
    message: str
    noted: str
    english: str  # english_digest() of the English message and noted it translates
    reviewed_by: str = ""  # clinician's name and date once signed off; empty: needs review


def english_digest(message: str, noted: str) -> str:
    return sha256(f"{message}\n{noted}".encode()).hexdigest()[:12]


GO_NOW = "Vaya ahora mismo a una sala de emergencias o llame al 911."

SPANISH: dict[str, RuleText] = {
    "cauda-equina-warning-signs": RuleText(
        message=(
            "El entumecimiento entre las piernas o un cambio nuevo en la función de la "
            "vejiga, el intestino o la función sexual puede significar presión sobre los "
            "nervios de la base de la columna (síndrome de la cola de caballo). " + GO_NOW
        ),
        noted=(
            "Entumecimiento entre las piernas o un cambio en la vejiga, el intestino o la función"
            " sexual: una señal de los nervios."
        ),
        english="90b1220cb12a",
    ),
    "trauma-cannot-bear-weight": RuleText(
        message=(
            "Su dolor comenzó con una caída, un choque o un accidente y no puede apoyar todo "
            "el peso en la pierna: puede ser una fractura y necesita una radiografía hoy. " + GO_NOW
        ),
        noted="Una lesión con dificultad para apoyar el peso en la pierna.",
        english="426a00fed263",
    ),
    "older-runner-fall-possible-hip-fracture": RuleText(
        message=(
            "Después de una caída, el dolor de cadera al caminar o al apoyarse en la pierna, "
            "o una cojera, puede ser una fractura de cadera aunque todavía pueda caminar con "
            "esa pierna. Necesita una radiografía hoy. " + GO_NOW
        ),
        noted=(
            "Una caída con dolor al caminar o al apoyarse en la pierna, o una cojera, a una edad "
            "en la que la cadera se fractura."
        ),
        english="76e30fd135e7",
    ),
    "visible-deformity": RuleText(
        message=(
            "Usted ve un cambio en la forma de la cadera o de la pierna. Un médico debe verle"
            " hoy. " + GO_NOW
        ),
        noted="Un cambio visible en la forma de la cadera o de la pierna.",
        english="356fc3e1a62d",
    ),
    "possible-strangulated-hernia": RuleText(
        message=(
            "Un bulto en la ingle con dolor intenso o repentino, un bulto doloroso y duro o "
            "que no vuelve a entrar, o los vómitos, pueden ser una hernia atrapada "
            "(estrangulada). Necesita cirugía con rapidez. " + GO_NOW
        ),
        noted=(
            "Un bulto en la ingle con dolor intenso o repentino, o un bulto duro o que no vuelve "
            "a entrar."
        ),
        english="137bdca85198",
    ),
    "testicular-pain": RuleText(
        message=(
            "El dolor o la hinchazón en un testículo puede necesitar tratamiento en pocas "
            "horas (un testículo torcido). " + GO_NOW
        ),
        noted="Dolor o hinchazón en un testículo.",
        english="3f5d6a448f80",
    ),
    "possible-septic-arthritis": RuleText(
        message=(
            "Tener fiebre o sentirse mal, o una inyección u operación reciente en la cadera, "
            "junto con dolor intenso, una cadera rígida o dolor al caminar, puede significar "
            "una infección de la articulación. Hay que descartarla hoy. " + GO_NOW
        ),
        noted="Fiebre o malestar con una cadera dolorosa y rígida.",
        english="98d0c12c4733",
    ),
    "child-limp-possible-scfe": RuleText(
        message=(
            "A su edad, una cojera con dolor en cualquier parte entre la cadera y la rodilla "
            "puede significar que la placa de crecimiento de la parte superior del fémur (el "
            "hueso del muslo) se ha deslizado (epifisiólisis, SCFE). Necesita una radiografía"
            " hoy; no apoye peso en la pierna y no corra ni salte. " + GO_NOW
        ),
        noted=(
            "Una cojera con dolor entre la cadera y la rodilla a una edad en la que la placa de "
            "crecimiento puede deslizarse (SCFE)."
        ),
        english="06879126c845",
    ),
    "cannot-bear-weight": RuleText(
        message=(
            "No puede apoyar todo el peso en la pierna y caminar. Sin una lesión que lo "
            "explique, puede ser una fractura o una infección de la articulación y necesita "
            "un médico hoy. " + GO_NOW
        ),
        noted="No puede apoyar todo el peso en la pierna.",
        english="e1c11617e6b3",
    ),
    "progressive-leg-weakness": RuleText(
        message=(
            "Una debilidad en la pierna que va empeorando puede significar que un nervio está"
            " comprimido. Hay que revisarla hoy. " + GO_NOW
        ),
        noted="Debilidad en la pierna que va empeorando.",
        english="c23a1fed0bb9",
    ),
    "possible-femoral-neck-stress-fracture": RuleText(
        message=(
            "Un dolor en la ingle o en la parte delantera de la cadera que duele al caminar o"
            " al apoyarse en la pierna, que le hace cojear, que aumentó al correr más, o que "
            "sigue en reposo o por la noche, puede ser una fractura por estrés de la cadera, "
            "más aún después de una fractura por estrés anterior, la falta de periodos "
            "menstruales o una baja densidad ósea. Deje de correr, no salte sobre esa pierna "
            "y vea a un médico en un plazo de 1-2 días para hacerse pruebas de imagen."
        ),
        noted="Señales que pueden venir de una fractura por estrés de la cadera.",
        english="ac037753bee2",
    ),
    "possible-femoral-stress-fracture-thigh-or-knee": RuleText(
        message=(
            "Un dolor en el muslo o la rodilla que duele al caminar o le hace cojear, después"
            " de un aumento brusco de lo que corre o con un riesgo mayor de lesiones óseas "
            "por estrés, puede venir de una fractura por estrés del fémur cerca de la cadera."
            " Deje de correr, no salte sobre esa pierna y vea a un médico en un plazo de 1-2 "
            "días para hacerse pruebas de imagen."
        ),
        noted="Dolor en el muslo o la rodilla al caminar, con un riesgo de lesión ósea por estrés.",
        english="b7e3b66f6d1a",
    ),
    "child-hip-signs-possible-scfe": RuleText(
        message=(
            "A su edad, el dolor en cualquier parte entre la cadera y la rodilla puede venir "
            "de un deslizamiento de la placa de crecimiento de la parte superior del fémur "
            "(SCFE), más aún si le duele caminar o apoyarse en la pierna o si siente la "
            "cadera rígida. Deje de correr y de saltar y vea a un médico en un plazo de 24 "
            "horas para una radiografía; vaya a una sala de emergencias si empieza a cojear o"
            " no puede caminar con esa pierna."
        ),
        noted=(
            "Dolor entre la cadera y la rodilla con una señal en la cadera a una edad en la que "
            "la placa de crecimiento puede deslizarse."
        ),
        english="1b9f957ccffe",
    ),
    "young-child-hip-signs": RuleText(
        message=(
            "En un niño, una cojera, el dolor al caminar o una cadera rígida necesitan la "
            "revisión de un médico en un plazo de 1-2 días, a menudo con una radiografía: "
            "entre las causas están la cadera irritable y la enfermedad de Perthes. Vaya de "
            "inmediato a una sala de emergencias si el niño tiene fiebre, no puede apoyar "
            "peso en la pierna o tiene un dolor intenso."
        ),
        noted="Cojera, dolor al caminar o cadera rígida en un niño.",
        english="bf52117ef846",
    ),
    "late-teen-limp": RuleText(
        message=(
            "A los 16 o 17 años la placa de crecimiento de la parte superior del fémur puede "
            "seguir abierta, así que una cojera con dolor de cadera, muslo o rodilla debe "
            "revisarla un médico en un plazo de 1-2 días, normalmente con una radiografía. "
            "Deje de correr hasta entonces."
        ),
        noted="Una cojera a una edad en la que la placa de crecimiento puede seguir abierta.",
        english="9f635cf20a67",
    ),
    "bilateral-leg-tingling": RuleText(
        message=(
            "El hormigueo o el entumecimiento por debajo de la rodilla en las dos piernas "
            "puede venir de presión sobre los nervios de la parte baja de la espalda. Un "
            "médico debe revisarle en un plazo de 24 horas. Vaya ahora mismo a una sala de "
            "emergencias, o llame al 911, si nota entumecimiento entre las piernas o "
            "alrededor de los genitales o el ano, un problema nuevo para controlar o sentir "
            "la vejiga o el intestino, un problema nuevo de la función sexual, o que las "
            "piernas se debilitan."
        ),
        noted="Hormigueo por debajo de la rodilla en las dos piernas.",
        english="de30a590c415",
    ),
    "trauma-onset": RuleText(
        message=(
            "Su dolor comenzó con una caída, un choque o un accidente. Un médico debe "
            "revisarlo, normalmente con una radiografía, en un plazo de 1-2 días y antes de "
            "que vuelva a correr."
        ),
        noted="El dolor comenzó con una caída, un choque o un accidente.",
        english="2e342e8af4f3",
    ),
    "fever-or-unwell": RuleText(
        message=(
            "Un dolor de cadera mientras tiene fiebre o se siente mal debe revisarlo un "
            "médico hoy o mañana, para descartar una infección."
        ),
        noted="Fiebre, escalofríos o malestar general.",
        english="6c2520e54bfb",
    ),
    "recent-hip-injection-or-surgery": RuleText(
        message=(
            "Un dolor de cadera en los 3 meses siguientes a una inyección o una operación de "
            "cadera debe revisarlo su médico o su cirujano en un plazo de 1-2 días."
        ),
        noted="Una inyección u operación de cadera en los últimos 3 meses.",
        english="7a7bbee43baf",
    ),
    "cancer-history": RuleText(
        message=(
            "Como usted ha tenido cáncer, un dolor nuevo debe revisarlo un médico en un plazo"
            " de 1-2 días."
        ),
        noted="Antecedentes de cáncer.",
        english="aff962a137a3",
    ),
    "systemic-symptoms": RuleText(
        message=(
            "Una pérdida de peso que no puede explicar o los sudores nocturnos junto con "
            "dolor deben revisarlos un médico en un plazo de 1-2 días."
        ),
        noted="Pérdida de peso sin intentarlo o sudores nocturnos.",
        english="f0c9b3fed2ba",
    ),
    "constant-night-pain": RuleText(
        message=(
            "Un dolor constante por la noche que no se alivia al cambiar de posición debe "
            "revisarlo un médico en un plazo de 1-2 días."
        ),
        noted="Dolor nocturno constante que no se alivia al cambiar de posición.",
        english="f40e8da5cdb8",
    ),
    "avascular-necrosis-risk": RuleText(
        message=(
            "Un dolor en la ingle junto con un tratamiento con esteroides, un consumo "
            "excesivo de alcohol o algunas enfermedades puede significar que el riego "
            "sanguíneo de la cadera está afectado. Un médico debe revisarlo en un plazo de "
            "1-2 días."
        ),
        noted="Dolor en la ingle con un factor de riesgo para el riego sanguíneo de la cadera.",
        english="6abdfff54eea",
    ),
    "groin-lump": RuleText(
        message=(
            "Un bulto o abultamiento en la ingle puede ser una hernia. Un médico debe "
            "revisarlo en un plazo de 1-2 días. Vaya de inmediato a una sala de emergencias "
            "si el bulto se vuelve doloroso o duro, no vuelve a entrar o empieza a vomitar."
        ),
        noted="Un bulto o abultamiento en la ingle.",
        english="b04aebc457a0",
    ),
    "abdominal-or-urinary-signs": RuleText(
        message=(
            "La sangre en la orina o los vómitos junto con dolor de cadera o de ingle pueden "
            "significar que el dolor viene del abdomen o de las vías urinarias. Un médico "
            "debe revisarlo en un plazo de 1-2 días; vaya a una sala de emergencias si "
            "empeora."
        ),
        noted="Sangre en la orina o vómitos.",
        english="b1879cf8b7aa",
    ),
    "possible-dvt": RuleText(
        message=(
            "La hinchazón, el enrojecimiento o el calor en la pantorrilla o el muslo pueden "
            "ser un coágulo de sangre. Vea a un médico hoy; llame al 911 si le falta el aire "
            "o tiene dolor en el pecho."
        ),
        noted="Hinchazón, enrojecimiento o calor en la pantorrilla o el muslo.",
        english="2fc417f48e1a",
    ),
    "child-hip-or-knee-pain": RuleText(
        message=(
            "El dolor de cadera, muslo o rodilla en un niño o adolescente en crecimiento debe"
            " examinarse en los próximos días, porque los problemas de la placa de "
            "crecimiento y de la cadera propios de la infancia pueden empezar así. Deje de "
            "correr hasta que le haya visto un fisioterapeuta o un médico."
        ),
        noted="Dolor de cadera, muslo o rodilla en un niño en crecimiento.",
        english="a89b5950a958",
    ),
    "bone-health-reds-risk": RuleText(
        message=(
            "La falta de periodos menstruales, una primera menstruación tardía, una baja "
            "densidad ósea, un trastorno de la conducta alimentaria o una fractura por estrés"
            " anterior aumentan el riesgo de lesiones óseas por estrés. Deje de correr hasta "
            "que le haya visto un fisioterapeuta; puede que también le recomendemos un médico"
            " de medicina deportiva."
        ),
        noted="Un factor de riesgo de lesiones óseas por estrés (REDs).",
        english="57637adfbb37",
    ),
    "referred-lumbar": RuleText(
        message=(
            "El dolor de espalda o el hormigueo por debajo de la rodilla pueden significar "
            "que el dolor viene de la parte baja de la espalda. Un fisioterapeuta debe "
            "evaluarlo en los próximos días."
        ),
        noted=(
            "Dolor de espalda u hormigueo por debajo de la rodilla: el dolor puede venir de la "
            "espalda."
        ),
        english="22281a0f3983",
    ),
    "pain-persists-after-rest": RuleText(
        message=(
            "Un dolor que dura días después del reposo es una señal de alarma. Deje de correr"
            " y hágase evaluar por un fisioterapeuta en los próximos días."
        ),
        noted="Dolor que persiste mucho tiempo después del reposo.",
        english="8923995418aa",
    ),
    "snapping-with-reduced-motion": RuleText(
        message=(
            "Los chasquidos o clics con una cadera que se siente atascada o bloqueada debe "
            "evaluarlos un fisioterapeuta en los próximos días. Deje de correr hasta "
            "entonces."
        ),
        noted="Una cadera que chasquea y se siente atascada.",
        english="44579cdc6c80",
    ),
    "night-pain": RuleText(
        message=(
            "Un dolor por la noche o al estar acostado que le altera el sueño es una señal de"
            " alarma. Deje de correr y hágase evaluar en los próximos días."
        ),
        noted="Dolor por la noche o al estar acostado.",
        english="b7d350fbcfd9",
    ),
    "altered-gait": RuleText(
        message=(
            "Un dolor que le hace cojear o quitar peso de la pierna es una señal de alarma. "
            "Deje de correr y hágase evaluar en los próximos días."
        ),
        noted="Dolor que le hace cojear.",
        english="1310d219dcc0",
    ),
}

TRANSLATIONS: dict[str, dict[str, RuleText]] = {"es": SPANISH}
