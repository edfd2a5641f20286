"""The Spanish of the clinic's four exercises and of its templates' descriptions, keyed by the
English name in library.py. `programs_seed` and migration 0010 write them into the Spanish
columns only where those are empty, so a clinic's own Spanish edits are kept. Clinical texts:
a clinician who reads Spanish reviews them in the admin (README, "Translated clinical texts").
"""

EXERCISES: dict[str, dict[str, str | list[str]]] = {
    "Glute bridge": {
        "name_es": "Puente de glúteo",
        "steps_es": [
            "Acuéstese boca arriba, con las rodillas dobladas y los pies apoyados en el suelo, "
            "separados al ancho de la cadera.",
            "Apriete los glúteos y levante la cadera hasta que rodillas, cadera y hombros "
            "queden en línea.",
            "Mantenga 2-3 segundos arriba.",
            "Baje despacio y repita.",
        ],
        "cues_es": [
            "Empuje con los talones.",
            "Mantenga las costillas abajo.",
            "La técnica antes que las repeticiones.",
        ],
        "mistakes_es": [
            "Arquear la parte baja de la espalda arriba.",
            "Empujar con las puntas de los pies.",
        ],
    },
    "Monster walk": {
        "name_es": "Caminata lateral con banda (monster walk)",
        "steps_es": [
            "Póngase una banda elástica alrededor de las rodillas o de los tobillos.",
            "Flexione las piernas en una sentadilla ligera.",
            "Dé pasos lentos hacia un lado, manteniendo la banda tensa.",
            "Camine 10-12 pasos hacia un lado y vuelva hacia el otro.",
        ],
        "cues_es": [
            "Manténgase bajo y nivelado.",
            "Las puntas de los pies miran hacia delante.",
            "La técnica antes que las repeticiones.",
        ],
        "mistakes_es": [
            "Dejar que las rodillas se vayan hacia dentro.",
            "Balancear la parte superior del cuerpo de un lado a otro.",
        ],
        "equipment_es": "Banda elástica",
    },
    "Hip flexor stretch": {
        "name_es": "Estiramiento del flexor de la cadera",
        "steps_es": [
            "Arrodíllese sobre la rodilla derecha con el pie izquierdo delante.",
            "Meta la pelvis hacia dentro e inclínese suavemente hacia delante hasta que note "
            "el estiramiento en la parte delantera de la cadera derecha.",
            "Mantenga y luego cambie de lado.",
        ],
        "cues_es": ["Meta la pelvis antes de inclinarse.", "Respire despacio."],
        "mistakes_es": ["Arquear la parte baja de la espalda en lugar de meter la pelvis."],
    },
    "Single-leg deadlift": {
        "name_es": "Peso muerto a una pierna",
        "steps_es": [
            "Póngase de pie sobre una pierna con la rodilla ligeramente doblada.",
            "Inclínese desde la cadera y deje que la otra pierna se extienda hacia atrás.",
            "Mantenga la espalda recta; baje solo hasta donde pueda controlar.",
            "Vuelva a ponerse de pie y repita; luego cambie de pierna.",
        ],
        "cues_es": ["La cadera se mantiene nivelada.", "La técnica antes que las repeticiones."],
        "mistakes_es": [
            "Redondear la espalda.",
            "Abrir la cadera de la pierna levantada.",
        ],
    },
}

TEMPLATES = {
    "Hip strength for runners": (
        "El programa de cadera de la clínica, 2-3 veces por semana: calmar, fortalecer y "
        "preparar para correr. Las fases siguen CLINICAL.md s4 (una síntesis que necesita la "
        "aprobación de un clínico [U]); se recomienda el ejercicio durante al menos 3 meses "
        "[R36]."
    ),
    "Warm-up and cool-down": (
        "El calentamiento dinámico de la clínica antes de cada carrera y estiramientos "
        "estáticos después. Dosis: valores por defecto de la clínica, pendientes de revisión."
    ),
    "Walk/run return: 10 levels": (
        "30 minutos por sesión. El nivel 1 es caminar 9 / correr 1, tres veces; cada nivel "
        "pasa un minuto de caminar a correr; el nivel 10 es correr 30 minutos. Cada nivel al "
        "menos 3 veces, con un día de descanso después de cada sesión. Modo tendón: dolor "
        "durante la sesión como máximo 5/10 y de vuelta al nivel habitual a la mañana "
        "siguiente [R26][P]."
    ),
    "Return to run after a bone stress injury": (
        "El estándar militar de seis fases: al menos 1 día de descanso entre carreras, cada "
        "fase al menos dos veces, sin avanzar si hay hinchazón, rigidez o más dolor, solo en "
        "superficies llanas. Modo hueso: ningún dolor [R35][P]. Solo después de que el "
        "terapeuta registre el alta para correr."
    ),
}


def exercise_columns(name: str) -> dict[str, str]:
    """The Spanish columns of the library exercise `name`, lists joined one per line."""
    spanish = EXERCISES.get(name, {})
    return {
        field: value if isinstance(value, str) else "\n".join(value)
        for field, value in spanish.items()
    }


def fill_spanish(exercises, templates) -> int:
    """Write the Spanish into the given exercise and template rows where it is empty; returns
    how many rows changed. Shared by programs_seed and the data migration."""
    changed = 0
    for row in exercises:
        missing = {k: v for k, v in exercise_columns(row.name).items() if not getattr(row, k)}
        if missing:
            type(row).objects.filter(pk=row.pk).update(**missing)
            changed += 1
    for row in templates:
        if row.name in TEMPLATES and not row.description_es:
            type(row).objects.filter(pk=row.pk).update(description_es=TEMPLATES[row.name])
            changed += 1
    return changed
