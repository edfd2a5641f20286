"""The clinic's guide as first written, from its own article on hip pain in runners (BRIEF.md,
"Facts from the clinic's own material"), in the clinic's voice. Migration 0002 writes it
published; the clinic edits it in the admin from there, and nothing here ever overwrites a
page that exists (pages_write only adds missing slugs).

The two policy numbers are placeholders ({pain_after_rest_hours}, {shoe_replacement_miles}):
they come from the clinic profile, and the text gives them as the clinic's advice, not as
medical fact."""

CHECK = "[Check your symptoms in 10 minutes]({intake_url})"

PAGES = [
    {
        "slug": "causes",
        "title": "Why a runner's hip starts to hurt",
        "summary": "The four things we see behind most hip pain in runners: doing too much, "
        "form, weak hips and old injuries.",
        "meta_description": "What causes hip pain in runners: overuse, running form, weak "
        "glutes and hip stabilisers, and old injuries, explained by our physical therapists.",
        "body": """\
Most of the runners who come to us with a sore hip have one or more of these four things
going on. Knowing which one is yours is the start of fixing it.

## Doing too much, too soon

Every stride loads the tissues around the hip. When mileage or pace climbs faster than those
tissues can adapt, they get irritated: we often see **hip bursitis** (an inflamed fluid sac on
the outside of the hip) and **IT band syndrome** (pain along the outside of the thigh and hip).

## How you run

Small habits add up over thousands of steps:

- **Pelvic drop**: the hip on the side of the leg in the air sinks at each step.
- **Overstriding**: the foot lands far in front of the body and brakes every stride.
- **Posture**: leaning, twisting or slumping shifts load onto the hip.

## Weak glutes and hip stabilisers

Your glutes and the small muscles around the hip keep the pelvis level and the knee in line.
When they are weak, other tissues take the load they should carry.

## Old injuries and surgeries

Scar tissue, stiffness and the way you learned to move after an injury or an operation can
change how the hip is loaded, sometimes years later.
""",
    },
    {
        "slug": "warning-signs",
        "title": "Warning signs: when to stop running and get checked",
        "summary": "Four signs that mean your hip needs more than rest, and what to do about each.",
        "meta_description": "Hip pain warning signs for runners: pain that lasts after rest, "
        "snapping with stiffness, night pain and limping. When to stop and get evaluated.",
        "body": f"""\
Some soreness after a hard run is normal. These signs are not: each of them is a reason to
stop running and have your hip looked at.

## Pain that stays after rest

Our clinic's advice: if the pain is still there {{pain_after_rest_hours}} hours after you
stopped and rested, treat it as more than ordinary soreness.

{CHECK}

## Snapping or clicking with a stiff hip

A snap or click in the hip, especially when the hip also moves less far than it used to, can
come from the joint itself (impingement or a tear of the labrum, the rim of cartilage around
the socket).

{CHECK}

## Pain at night or lying down

Pain that wakes you up, or that stops you lying on that side and disturbs your sleep, needs
to be evaluated.

{CHECK}

## Pain that changes the way you walk or run

If you limp, or catch yourself shifting your weight off the sore leg, stop running and get
evaluated before you run again.

{CHECK}

The symptom check asks about these signs and a few others, and tells you at once whether it
is safe to keep running. If you think you have an emergency, call 911.
""",
    },
    {
        "slug": "prevention",
        "title": "Preventing hip pain",
        "summary": "Warm up, stretch after, get strong two or three times a week, and look "
        "after your shoes and surfaces.",
        "meta_description": "How runners can prevent hip pain: a dynamic warm-up, stretches "
        "after running, strength training and the right shoes and terrain.",
        "body": """\
## Warm up before you run

Five to ten minutes of moving, not holding, stretches gets the hips ready:

- leg swings, front to back and side to side;
- walking lunges;
- high knees.

## Stretch after you run

Hold gentle stretches once you have finished, when the muscles are warm:

- hip flexors (the front of the hip);
- hamstrings;
- glutes.

## Get strong two or three times a week

Strength work is the single best thing most runners can add. Our favourites are glute
bridges, deadlifts, side lunges and balancing on one leg. See [our four exercises](../exercises/)
for how to do them.

## Mind your shoes and surfaces

Vary your terrain and notice when a surface starts to bother you. Our clinic's advice is to
replace running shoes every {shoe_replacement_miles} miles.
""",
    },
    {
        "slug": "rehabilitation",
        "title": "How we treat hip pain",
        "summary": "Physical therapy, staying active while you heal, and hands-on techniques "
        "when they help.",
        "meta_description": "Rehabilitation for runners' hip pain: physical therapy with "
        "manual therapy and progressive exercise, active recovery and supervised techniques.",
        "body": """\
## Physical therapy

We find out why your hip hurts, then treat that cause: hands-on **manual therapy** to ease
pain and stiffness, and **progressive exercise** that builds strength and control step by
step, so the hip can take your running again.

## Active recovery

Resting completely is rarely the answer. While the hip settles, we keep you moving with
activities that load it less: swimming, walking and cycling.

## Advanced techniques, under supervision

When they suit your case, your physical therapist may use **dry needling**, **cupping** or
**joint mobilisation**. These are done by the therapist, in the clinic, as part of a plan.

No medications, no injections, no months on the sofa: a plan you can follow, and a way back
to running.
""",
    },
    {
        "slug": "exercises",
        "title": "Our four hip exercises",
        "summary": "Glute bridges, monster walks, the hip flexor stretch and single-leg "
        "deadlifts: how to do them, and how much.",
        "meta_description": "Four hip exercises for runners from our physical therapists: glute "
        "bridges, monster walks, hip flexor stretch and single-leg deadlifts, step by step.",
        "body": """\
These are the four exercises we give most runners with hip pain. Do them slowly and with
control: **form matters more than the number of repetitions.** Stop any exercise that causes
sharp pain, and ask us before you start if your hip already hurts.
""",
        "exercises": "Glute bridge\nMonster walk\nHip flexor stretch\nSingle-leg deadlift",
    },
    {
        "slug": "return-to-running",
        "title": "Getting back to running",
        "summary": "Start short and slow, build over weeks, and know which pain means pause.",
        "meta_description": "How to return to running after hip pain: short slow runs first, "
        "a gradual build over weeks, which pain is fine and which means stop.",
        "body": f"""\
## Start short and slow

Your first runs back should feel easy: short, and slower than you think you need. Then add
time first, and intensity later, gradually, over several weeks.

## Listen to the hip

- **Mild soreness** that settles may be fine.
- **Sharp pain, or pain that lingers**, means pause and reassess before the next run.

## Keep cross-training

Swim, cycle or walk on the days in between, so your fitness keeps growing while the hip gets
used to running again.

## Mind shoes and surfaces

Choose forgiving surfaces while you build up, and check the miles on your shoes.

If you are not sure your hip is ready: {CHECK}.
""",
    },
]


def pages_write(page_model) -> int:
    """Add the pages whose slug is missing (published), and their Spanish where it is blank
    (content/seed_es.py); returns how many pages were added."""
    from content.seed_es import spanish_write

    added = english_write(page_model)
    spanish_write(page_model)
    return added


def english_write(page_model) -> int:
    """Migration 0002's part (its Page has no Spanish columns yet): the missing pages."""
    added = 0
    for position, page in enumerate(PAGES, start=1):
        fields = {key: value for key, value in page.items() if key != "slug"}
        _, created = page_model.objects.get_or_create(
            slug=page["slug"], defaults={**fields, "position": position * 10, "is_published": True}
        )
        added += created
    return added
