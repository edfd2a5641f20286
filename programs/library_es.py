"""The Spanish of the clinic's library (library.py): every exercise's words, and each
template's name and description, its phases' names and goals and its stages' names, keyed by
the English. `programs_seed` and migrations 0011 and 0013 write them into the Spanish columns
only where those are empty, so a clinic's own Spanish edits are kept; a test fails when a
library exercise, phase or stage has no Spanish here. Clinical texts: a clinician who reads
Spanish reviews them in the admin (README, "Translated clinical texts").
"""

from django.db import models

from programs import library

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
    "Leg swings": {
        "name_es": "Balanceo de piernas",
        "steps_es": [
            "Apóyese en una pared o un poste para mantener el equilibrio.",
            "Balancee una pierna hacia delante y hacia atrás, relajada, aumentando el "
            "recorrido poco a poco.",
            "Luego balancéela por delante del cuerpo y hacia afuera, hacia el lado. Cambie de "
            "pierna.",
        ],
        "cues_es": ["Mantenga el cuerpo erguido.", "Con control, sin forzar."],
    },
    "Walking lunges": {
        "name_es": "Zancadas caminando",
        "steps_es": [
            "Dé un paso largo hacia delante en zancada, con la rodilla de atrás bajando hacia "
            "el suelo.",
            "Empuje para subir y lleve el pie de atrás hacia delante, a la siguiente zancada.",
        ],
        "cues_es": ["La rodilla de delante, sobre el pie.", "El tronco erguido."],
        "mistakes_es": ["Dejar que la rodilla de delante se vaya hacia dentro."],
    },
    "High knees": {
        "name_es": "Rodillas altas",
        "steps_es": [
            "Trote en el sitio o avanzando, subiendo las rodillas hacia la altura de la cadera."
        ],
        "cues_es": ["Pies rápidos y ligeros.", "Los brazos impulsan."],
    },
    "Hamstring stretch": {
        "name_es": "Estiramiento de isquiotibiales",
        "steps_es": [
            "Apoye un talón en un escalón bajo, con la pierna estirada.",
            "Inclínese hacia delante desde la cadera, con la espalda recta, hasta que note el "
            "estiramiento en la parte de atrás del muslo.",
            "Mantenga y luego cambie de lado.",
        ],
        "cues_es": ["Espalda recta.", "Sin rebotes."],
    },
    "Glute stretch": {
        "name_es": "Estiramiento de glúteo",
        "steps_es": [
            "Acuéstese boca arriba y cruce un tobillo sobre la otra rodilla.",
            "Lleve la pierna de abajo hacia el pecho hasta que note el estiramiento en el glúteo.",
            "Mantenga y luego cambie de lado.",
        ],
        "cues_es": ["Relaje los hombros.", "Respire despacio."],
    },
    "Deadlift": {
        "name_es": "Peso muerto",
        "steps_es": [
            "Póngase de pie con los pies separados al ancho de la cadera y el peso delante de "
            "las espinillas.",
            "Inclínese desde la cadera con la espalda recta y agarre el peso.",
            "Levántese llevando la cadera hacia delante; baje con control.",
        ],
        "cues_es": ["El peso cerca de las piernas.", "La técnica antes que el peso."],
        "mistakes_es": [
            "Redondear la espalda.",
            "Subir el peso en sentadilla en lugar de inclinarse desde la cadera.",
        ],
        "equipment_es": "Pesa rusa o mancuernas",
    },
    "Side lunge": {
        "name_es": "Zancada lateral",
        "steps_es": [
            "Póngase de pie con los pies bien separados.",
            "Pase el peso hacia un lado, doblando esa rodilla y llevando la cadera hacia atrás.",
            "Empuje para volver al centro y repita hacia el otro lado.",
        ],
        "cues_es": ["La rodilla en línea con los dedos del pie.", "El pecho arriba."],
    },
    "Single-leg balance": {
        "name_es": "Equilibrio sobre una pierna",
        "steps_es": [
            "Póngase de pie sobre una pierna cerca de una pared, por seguridad.",
            "Mantenga la pelvis nivelada y la rodilla sin bloquear; mantenga la posición y "
            "luego cambie de pierna.",
        ],
        "cues_es": [
            "La mirada al frente.",
            "Para hacerlo más difícil, cierre los ojos o póngase de pie sobre un cojín.",
        ],
    },
    "Side-lying hip abduction": {
        "name_es": "Abducción de cadera de costado",
        "steps_es": [
            "Acuéstese de lado, con la rodilla de abajo doblada y la pierna de arriba estirada, "
            "en línea con el cuerpo.",
            "Levante la pierna de arriba un poco por detrás del cuerpo, con los dedos del pie "
            "mirando hacia delante.",
            "Bájela despacio.",
        ],
        "cues_es": ["Guíe el movimiento con el talón.", "Mantenga una cadera encima de la otra."],
        "mistakes_es": [
            "Girar el cuerpo hacia atrás.",
            "Levantar la pierna por delante del cuerpo.",
        ],
    },
    "Side plank": {
        "name_es": "Plancha lateral",
        "steps_es": [
            "Acuéstese de lado con el codo debajo del hombro.",
            "Levante la cadera hasta que el cuerpo forme una línea recta; mantenga.",
            "Cambie de lado.",
        ],
        "cues_es": [
            "La cadera hacia delante.",
            "Empiece apoyando las rodillas si la plancha completa es demasiado.",
        ],
        "mistakes_es": ["Dejar caer la cadera.", "Subir el hombro hacia la oreja."],
    },
    "Clamshells": {
        "name_es": "Almeja (clamshell)",
        "steps_es": [
            "Acuéstese de lado, con la cadera y las rodillas dobladas y los pies juntos.",
            "Sin separar los pies, levante la rodilla de arriba sin girar la pelvis hacia atrás.",
            "Bájela despacio.",
        ],
        "cues_es": ["Recorrido corto, sin balancearse."],
        "equipment_es": "Banda elástica por encima de las rodillas (opcional)",
    },
    "Step-down": {
        "name_es": "Bajada desde un escalón (step-down)",
        "steps_es": [
            "Póngase de pie sobre una pierna en un escalón de unas 8 pulgadas (20 cm) de alto.",
            "Baje despacio el talón de la otra pierna hacia el suelo, doblando la rodilla de la "
            "pierna de apoyo.",
            "Toque el suelo suavemente y vuelva a subir.",
        ],
        "cues_es": ["La rodilla sobre el segundo dedo del pie.", "La pelvis nivelada."],
        "mistakes_es": ["Dejar que la rodilla se vaya hacia dentro.", "Bajar rápido."],
        "equipment_es": "Un escalón de unas 8 pulgadas (20 cm) de alto",
    },
    "Single-leg squat": {
        "name_es": "Sentadilla a una pierna",
        "steps_es": [
            "Póngase de pie sobre una pierna, con los brazos hacia delante para mantener el "
            "equilibrio.",
            "Baje llevando la cadera hacia atrás hasta donde pueda controlar y luego vuelva a "
            "subir.",
        ],
        "cues_es": ["La rodilla se mantiene sobre el pie.", "La cadera nivelada."],
        "mistakes_es": [
            "Dejar que la rodilla se vaya hacia dentro.",
            "Inclinar el tronco hacia un lado.",
        ],
    },
    "Swim": {
        "name_es": "Natación",
        "steps_es": ["Nadar suave y sin parar, o correr dentro del agua en la piscina."],
        "cues_es": ["Un esfuerzo que le permita conversar."],
    },
    "Cycle": {
        "name_es": "Bicicleta",
        "steps_es": ["Pedalear suave, en interior o al aire libre, por rutas llanas."],
        "cues_es": [
            "Un esfuerzo que le permita conversar.",
            "El asiento lo bastante alto para que la rodilla quede casi estirada.",
        ],
    },
    "Walk": {
        "name_es": "Caminata",
        "steps_es": ["Caminar a paso rápido sobre terreno parejo."],
        "cues_es": ["Camine sin cojear; deténgase si empieza a cojear."],
    },
}

# Each template's name and description, its phases' names and goals, and its return-to-run
# stages' names, keyed by the English in library.py.
TEMPLATES: dict[str, dict] = {
    "Hip strength for runners": {
        "name_es": "Fuerza de cadera para corredores",
        "description_es": (
            "El programa de cadera de la clínica, 2-3 veces por semana: calmar, fortalecer y "
            "preparar para correr. Las fases siguen CLINICAL.md s4 (una síntesis que necesita la "
            "aprobación de un clínico [U]); se recomienda el ejercicio durante al menos 3 meses "
            "[R36]."
        ),
        "phases": {
            "Settle and activate": (
                "Calmar y activar",
                "Calmar la cadera y despertar los glúteos con ejercicios de poca carga.",
            ),
            "Build strength": (
                "Ganar fuerza",
                "Fuerza progresiva para la cadera y el tronco, 2-3 veces por semana.",
            ),
            "Ready to run": (
                "Preparación para correr",
                "Fuerza y control sobre una pierna para correr.",
            ),
        },
    },
    "Warm-up and cool-down": {
        "name_es": "Calentamiento y vuelta a la calma",
        "description_es": (
            "El calentamiento dinámico de la clínica antes de cada carrera y estiramientos "
            "estáticos después. Dosis: valores por defecto de la clínica, pendientes de revisión."
        ),
        "phases": {
            "Before and after each run": (
                "Antes y después de cada carrera",
                "Calentamiento dinámico antes, estiramientos estáticos después.",
            ),
        },
    },
    "Walk/run return: 10 levels": {
        "name_es": "Caminar y correr: 10 niveles",
        "description_es": (
            "30 minutos por sesión. El nivel 1 es caminar 9 / correr 1, tres veces; cada nivel "
            "pasa un minuto de caminar a correr; el nivel 10 es correr 30 minutos. Cada nivel al "
            "menos 3 veces, con un día de descanso después de cada sesión. Modo tendón: dolor "
            "durante la sesión como máximo 5/10 y de vuelta al nivel habitual a la mañana "
            "siguiente [R26][P]."
        ),
        "stages": {f"Level {level}": f"Nivel {level}" for level in range(1, 11)},
    },
    "Return to run after a bone stress injury": {
        "name_es": "Regreso a correr después de una lesión por estrés óseo",
        "description_es": (
            "El estándar militar de seis fases: al menos 1 día de descanso entre carreras, cada "
            "fase al menos dos veces, sin avanzar si hay hinchazón, rigidez o más dolor, solo en "
            "superficies llanas. Modo hueso: ningún dolor [R35][P]. Solo después de que el "
            "terapeuta registre el alta para correr."
        ),
        "stages": {f"Phase {phase}": f"Fase {phase}" for phase in range(1, 7)},
    },
}


def exercise_columns(name: str) -> dict[str, str]:
    """The Spanish columns of the library exercise `name`, lists joined one per line."""
    spanish = EXERCISES.get(name, {})
    return {
        field: value if isinstance(value, str) else "\n".join(value)
        for field, value in spanish.items()
    }


def template_columns(name: str) -> dict[str, str]:
    spanish = TEMPLATES.get(name, {})
    return {field: spanish[field] for field in ("name_es", "description_es") if field in spanish}


def phase_columns(template: str, name: str) -> dict[str, str]:
    words = TEMPLATES.get(template, {}).get("phases", {}).get(name)
    return {"name_es": words[0], "goal_es": words[1]} if words else {}


def stage_columns(template: str, name: str) -> dict[str, str]:
    words = TEMPLATES.get(template, {}).get("stages", {}).get(name)
    return {"name_es": words} if words else {}


def _fill(row, columns: dict[str, str]) -> bool:
    """Write `columns` into the row where they are empty. A column the row's model does not
    have yet is left out: migration 0011 runs this on the models as they were then."""
    present = {field.name for field in row._meta.fields}
    missing = {k: v for k, v in columns.items() if k in present and not getattr(row, k)}
    if missing:
        type(row).objects.filter(pk=row.pk).update(**missing)
    return bool(missing)


def fill_spanish(exercises, templates, phases=(), stages=()) -> int:
    """Write the Spanish into the given exercise, template, template phase and run stage rows
    where it is empty (phases and stages with their template selected); returns how many rows
    changed. Shared by programs_seed and the data migrations (0011, 0013)."""
    changed = 0
    for row in exercises:
        changed += _fill(row, exercise_columns(row.name))
    for row in templates:
        changed += _fill(row, template_columns(row.name))
    for row in phases:
        changed += _fill(row, phase_columns(row.template.name, row.name))
    for row in stages:
        changed += _fill(row, stage_columns(row.template.name, row.name))
    return changed


def fill_issued_plans(plans, phases, stages, items) -> None:
    """The same Spanish for plans issued before it existed (querysets of Plan, PlanPhase,
    PlanStage, PlanItem), where a column is empty and the plan's English is the library's
    own word for word: a snapshot keeps its words and gains their translation. One UPDATE per
    library text, not per row; every plan's version moves on, so cached pages are read again.
    For the data migration (0013)."""
    for spec in library.TEMPLATES:
        program = spec["name"]
        program_es = template_columns(program)["name_es"]
        for rows in (phases, stages):
            rows.filter(program=program, program_es="").update(program_es=program_es)
        for phase in spec.get("phases", ()):
            columns = phase_columns(program, phase["name"])
            same = phases.filter(program=program, name=phase["name"])
            same.filter(name_es="").update(name_es=columns["name_es"])
            same.filter(goal=phase.get("goal", ""), goal_es="").update(goal_es=columns["goal_es"])
        for stage in spec.get("stages", ()):
            name_es = stage_columns(program, stage["name"])["name_es"]
            stages.filter(program=program, name=stage["name"], name_es="").update(name_es=name_es)
    for exercise in library.EXERCISES:
        for field, text in exercise_columns(exercise["name"]).items():
            english = field.removesuffix("_es")
            same = {"name": exercise["name"], english: exercise[english], field: ""}
            items.filter(**same).update(**{field: text})
    titles = plans.filter(title_es="").values_list("title", flat=True).distinct()
    for title in list(titles):
        parts = title.split(" + ")
        spanish = [template_columns(part).get("name_es", "") for part in parts]
        if any(spanish):
            title_es = " + ".join(es or en for es, en in zip(spanish, parts, strict=True))
            plans.filter(title=title, title_es="").update(title_es=title_es)
    plans.update(version=models.F("version") + 1)
