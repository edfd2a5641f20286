"""The guide's six first pages in Spanish (usted, plain Latin-American Spanish), written from
the English in seed.py, keyed by slug. `spanish_write` fills only the Spanish fields that are
still blank (migration 0003 and pages_write), so the clinic's own Spanish edits are kept."""

CHECK = "[Revise sus síntomas en 10 minutos]({intake_url})"

PAGES: dict[str, dict[str, str]] = {
    "causes": {
        "title_es": "Por qué empieza a doler la cadera de un corredor",
        "summary_es": "Las cuatro causas que vemos detrás de la mayoría de los dolores de "
        "cadera en corredores: hacer demasiado, la técnica, caderas débiles y lesiones antiguas.",
        "meta_description_es": "Causas del dolor de cadera en corredores: sobrecarga, técnica "
        "de carrera, glúteos débiles y lesiones antiguas, explicadas por fisioterapeutas.",
        "body_es": """\
La mayoría de los corredores que vienen a vernos con dolor de cadera tienen una o varias de
estas cuatro causas. Saber cuál es la suya es el primer paso para resolverlo.

## Hacer demasiado, demasiado pronto

Cada zancada carga los tejidos alrededor de la cadera. Cuando el kilometraje o el ritmo suben
más rápido de lo que esos tejidos pueden adaptarse, se irritan: a menudo vemos **bursitis de
cadera** (una bolsa de líquido inflamada en la parte externa de la cadera) y **síndrome de la
banda iliotibial** (dolor a lo largo de la parte externa del muslo y la cadera).

## Cómo corre

Los pequeños hábitos se acumulan a lo largo de miles de pasos:

- **Caída de la pelvis**: la cadera del lado de la pierna que está en el aire baja en cada paso.
- **Zancada demasiado larga**: el pie aterriza muy por delante del cuerpo y frena cada zancada.
- **Postura**: inclinarse, girarse o encorvarse pasa la carga a la cadera.

## Glúteos y estabilizadores de cadera débiles

Los glúteos y los músculos pequeños alrededor de la cadera mantienen la pelvis nivelada y la
rodilla alineada. Cuando están débiles, otros tejidos soportan la carga que les corresponde a
ellos.

## Lesiones y cirugías antiguas

El tejido cicatricial, la rigidez y la forma en que aprendió a moverse después de una lesión o
una operación pueden cambiar cómo se carga la cadera, a veces años después.
""",
    },
    "warning-signs": {
        "title_es": "Señales de alarma: cuándo dejar de correr y hacerse revisar",
        "summary_es": "Cuatro señales de que su cadera necesita más que descanso, y qué hacer "
        "con cada una.",
        "meta_description_es": "Señales de alarma del dolor de cadera en corredores: dolor que "
        "sigue tras el descanso, chasquidos con rigidez, dolor nocturno y cojera.",
        "body_es": f"""\
Algo de molestia después de una carrera intensa es normal. Estas señales no lo son: cada una
es una razón para dejar de correr y que le revisen la cadera.

## Dolor que sigue después del descanso

El consejo de nuestra clínica: si el dolor sigue {{pain_after_rest_hours}} horas después de
haber parado y descansado, trátelo como algo más que una molestia común.

{CHECK}

## Chasquidos o clics con una cadera rígida

Un chasquido o un clic en la cadera, sobre todo cuando la cadera además se mueve menos que
antes, puede venir de la propia articulación (pinzamiento o un desgarro del labrum, el borde
de cartílago alrededor de la cavidad).

{CHECK}

## Dolor de noche o al acostarse

El dolor que lo despierta, o que le impide acostarse de ese lado y le altera el sueño, debe
ser evaluado.

{CHECK}

## Dolor que cambia su forma de caminar o correr

Si cojea, o nota que aparta el peso de la pierna adolorida, deje de correr y hágase evaluar
antes de volver a correr.

{CHECK}

La revisión de síntomas pregunta por estas señales y por algunas otras, y le dice enseguida si
es seguro seguir corriendo. Si cree que tiene una emergencia, llame al 911.
""",
    },
    "prevention": {
        "title_es": "Cómo prevenir el dolor de cadera",
        "summary_es": "Caliente antes, estire después, fortalézcase dos o tres veces por semana "
        "y cuide su calzado y las superficies.",
        "meta_description_es": "Cómo prevenir el dolor de cadera al correr: calentamiento "
        "dinámico, estiramientos después, fuerza y el calzado y terreno adecuados.",
        "body_es": """\
## Caliente antes de correr

De cinco a diez minutos de estiramientos en movimiento, no sostenidos, preparan las caderas:

- balanceos de pierna, de adelante hacia atrás y de lado a lado;
- zancadas caminando;
- rodillas altas.

## Estire después de correr

Mantenga estiramientos suaves al terminar, cuando los músculos están calientes:

- flexores de cadera (la parte delantera de la cadera);
- isquiotibiales;
- glúteos.

## Fortalézcase dos o tres veces por semana

El trabajo de fuerza es lo mejor que la mayoría de los corredores puede añadir. Nuestros
favoritos son los puentes de glúteo, el peso muerto, las zancadas laterales y el equilibrio
sobre una pierna. Vea [nuestros cuatro ejercicios](../exercises/) para saber cómo hacerlos.

## Cuide su calzado y las superficies

Varíe el terreno y fíjese cuando una superficie empiece a molestarle. El consejo de nuestra
clínica es cambiar las zapatillas de correr cada {shoe_replacement_miles} millas.
""",
    },
    "rehabilitation": {
        "title_es": "Cómo tratamos el dolor de cadera",
        "summary_es": "Fisioterapia, mantenerse activo mientras sana y técnicas manuales "
        "cuando ayudan.",
        "meta_description_es": "Rehabilitación del dolor de cadera en corredores: fisioterapia "
        "con terapia manual y ejercicio progresivo, recuperación activa y técnicas supervisadas.",
        "body_es": """\
## Fisioterapia

Averiguamos por qué le duele la cadera y tratamos esa causa: **terapia manual** para aliviar
el dolor y la rigidez, y **ejercicio progresivo** que desarrolla fuerza y control paso a paso,
para que la cadera vuelva a soportar sus carreras.

## Recuperación activa

El reposo total rara vez es la respuesta. Mientras la cadera se calma, lo mantenemos en
movimiento con actividades que la cargan menos: natación, caminar y bicicleta.

## Técnicas avanzadas, bajo supervisión

Cuando convienen a su caso, su fisioterapeuta puede usar **punción seca**, **ventosas** o
**movilización articular**. Las realiza el fisioterapeuta, en la clínica, como parte de un
plan.

Sin medicamentos, sin inyecciones, sin meses en el sofá: un plan que puede seguir y un camino
de vuelta a correr.
""",
    },
    "exercises": {
        "title_es": "Nuestros cuatro ejercicios para la cadera",
        "summary_es": "Puentes de glúteo, caminatas laterales con banda, estiramiento del "
        "flexor de cadera y peso muerto a una pierna: cómo hacerlos y cuánto.",
        "meta_description_es": "Cuatro ejercicios de cadera para corredores: puente de glúteo, "
        "caminata con banda, estiramiento del flexor de cadera y peso muerto a una pierna.",
        "body_es": """\
Estos son los cuatro ejercicios que damos a la mayoría de los corredores con dolor de cadera.
Hágalos despacio y con control: **la técnica importa más que el número de repeticiones.**
Deje cualquier ejercicio que le cause un dolor agudo, y consúltenos antes de empezar si la
cadera ya le duele.
""",
    },
    "return-to-running": {
        "title_es": "Cómo volver a correr",
        "summary_es": "Empiece corto y despacio, aumente durante semanas y sepa qué dolor "
        "significa parar.",
        "meta_description_es": "Cómo volver a correr tras un dolor de cadera: primero carreras "
        "cortas y lentas, aumento gradual durante semanas, qué dolor es normal y cuál no.",
        "body_es": f"""\
## Empiece corto y despacio

Sus primeras carreras de vuelta deben sentirse fáciles: cortas, y más lentas de lo que cree
necesitar. Luego aumente primero el tiempo y después la intensidad, de forma gradual, durante
varias semanas.

## Escuche a su cadera

- Una **molestia leve** que desaparece puede estar bien.
- Un **dolor agudo, o un dolor que persiste**, significa parar y reevaluar antes de la
  siguiente carrera.

## Siga con el entrenamiento cruzado

Nade, pedalee o camine los días intermedios, para que su condición física siga mejorando
mientras la cadera se acostumbra de nuevo a correr.

## Cuide el calzado y las superficies

Elija superficies suaves mientras aumenta la carga, y revise las millas de sus zapatillas.

Si no está seguro de que su cadera esté lista: {CHECK}.
""",
    },
}


def spanish_write(page_model) -> int:
    """Fill each seeded page's blank Spanish fields; returns how many pages changed."""
    changed = 0
    for page in page_model.objects.filter(slug__in=PAGES):
        blank = {
            field: text for field, text in PAGES[page.slug].items() if not getattr(page, field)
        }
        if blank:
            page_model.objects.filter(pk=page.pk).update(**blank)
            changed += 1
    return changed
