"""The clinic's starting exercise library and templates, declared as data.

Dosages quote their source: the clinic's own material (BRIEF.md), or CLINICAL.md by reference
number. Where neither gives a number (the warm-up, the cool-down stretches, cross-training),
the value is marked "clinic default": a starting point for the therapist, to be reviewed, not
a clinical fact. `programs_seed` writes what is missing and never overwrites the clinic's
own edits.
"""

CLINIC = "Clinic's own material (BRIEF.md)"
CLINIC_DEFAULT = "Clinic default, to be reviewed: no source gives a number"


def exercise(name, category, steps, cues="", mistakes="", equipment="", source="", **dosage):
    return {
        "name": name,
        "category": category,
        "steps": "\n".join(steps),
        "cues": "\n".join(cues),
        "mistakes": "\n".join(mistakes),
        "equipment": equipment,
        "source": source,
        **dosage,
    }


EXERCISES = [
    # The clinic's four exercises, with its exact dosage.
    exercise(
        "Glute bridge",
        "strength",
        [
            "Lie on your back, knees bent, feet flat on the floor hip-width apart.",
            "Squeeze your glutes and lift your hips until knees, hips and shoulders line up.",
            "Hold 2-3 seconds at the top.",
            "Lower slowly and repeat.",
        ],
        cues=["Push through your heels.", "Keep your ribs down.", "Form over reps."],
        mistakes=["Arching the lower back at the top.", "Pushing through the toes."],
        source=CLINIC,
        sets=3,
        reps=12,
        hold_seconds=2,
        hold_seconds_max=3,
    ),
    exercise(
        "Monster walk",
        "strength",
        [
            "Put a resistance band around your knees or ankles.",
            "Bend into a slight squat.",
            "Step slowly to the side, keeping tension on the band.",
            "Walk 10-12 steps one way, then back the other way.",
        ],
        cues=["Stay low and level.", "Toes point forward.", "Form over reps."],
        mistakes=["Letting the knees fall in.", "Rocking the upper body side to side."],
        equipment="Resistance band",
        source=CLINIC,
        reps=10,
        reps_max=12,
        reps_unit="steps",
        each="direction",
    ),
    exercise(
        "Hip flexor stretch",
        "stretch",
        [
            "Kneel on your right knee with your left foot forward.",
            "Tuck your pelvis under and lean gently forward until you feel the front of the "
            "right hip stretch.",
            "Hold, then switch sides.",
        ],
        cues=["Tuck the pelvis before you lean.", "Breathe slowly."],
        mistakes=["Arching the lower back instead of tucking the pelvis."],
        source=CLINIC,
        hold_seconds=30,
        each="side",
    ),
    exercise(
        "Single-leg deadlift",
        "strength",
        [
            "Stand on one leg with a slight bend in the knee.",
            "Hinge at the hips, letting the other leg extend behind you.",
            "Keep your back flat; go as low as you can control.",
            "Return to standing and repeat, then switch legs.",
        ],
        cues=["Hips stay level.", "Form over reps."],
        mistakes=["Rounding the back.", "Opening the hip of the lifted leg."],
        source=CLINIC,
        reps=8,
        reps_max=10,
        each="side",
    ),
    # The clinic's dynamic warm-up.
    exercise(
        "Leg swings",
        "warm_up",
        [
            "Hold a wall or post for balance.",
            "Swing one leg forward and back, relaxed, growing the range gradually.",
            "Then swing it across the body and out to the side. Switch legs.",
        ],
        cues=["Stay tall.", "Controlled, not forced."],
        source=CLINIC_DEFAULT,
        reps=10,
        each="side",
    ),
    exercise(
        "Walking lunges",
        "warm_up",
        [
            "Step forward into a lunge, back knee towards the floor.",
            "Push up and bring the back foot through into the next lunge.",
        ],
        cues=["Front knee over the foot.", "Upright trunk."],
        mistakes=["Front knee falling inward."],
        source=CLINIC_DEFAULT,
        reps=10,
        each="side",
    ),
    exercise(
        "High knees",
        "warm_up",
        ["Jog on the spot or forward, lifting the knees towards hip height."],
        cues=["Quick, light feet.", "Arms drive."],
        source=CLINIC_DEFAULT,
        reps=20,
        reps_unit="steps",
    ),
    # The clinic's cool-down stretches (the hip flexor stretch is above).
    exercise(
        "Hamstring stretch",
        "stretch",
        [
            "Put one heel on a low step, leg straight.",
            "Hinge forward from the hips with a flat back until you feel the back of the thigh.",
            "Hold, then switch sides.",
        ],
        cues=["Flat back.", "No bouncing."],
        source=CLINIC_DEFAULT,
        hold_seconds=30,
        each="side",
    ),
    exercise(
        "Glute stretch",
        "stretch",
        [
            "Lie on your back and cross one ankle over the other knee.",
            "Pull the lower leg towards your chest until you feel the buttock stretch.",
            "Hold, then switch sides.",
        ],
        cues=["Relax the shoulders.", "Breathe slowly."],
        source=CLINIC_DEFAULT,
        hold_seconds=30,
        each="side",
    ),
    # The clinic's strength work (glute bridges are above).
    exercise(
        "Deadlift",
        "strength",
        [
            "Stand with feet hip-width apart, weight in front of your shins.",
            "Hinge at the hips with a flat back and grip the weight.",
            "Stand up by driving the hips forward; lower with control.",
        ],
        cues=["Weight close to the legs.", "Form over load."],
        mistakes=["Rounding the back.", "Squatting the weight up instead of hinging."],
        equipment="Kettlebell or dumbbells",
        source="CLINICAL.md s4 [R37]: 8-12 repetitions, 1-3 sets for novices",
        sets=2,
        reps=8,
        reps_max=12,
    ),
    exercise(
        "Side lunge",
        "strength",
        [
            "Stand with feet wide.",
            "Shift your weight to one side, bending that knee and sitting the hips back.",
            "Push back to the middle and repeat to the other side.",
        ],
        cues=["Knee in line with the toes.", "Chest up."],
        source="CLINICAL.md s4 [R37]: 8-12 repetitions, 1-3 sets for novices",
        sets=2,
        reps=10,
        each="side",
    ),
    exercise(
        "Single-leg balance",
        "strength",
        [
            "Stand on one leg near a wall for safety.",
            "Keep the pelvis level and the knee soft; hold, then switch legs.",
        ],
        cues=["Eyes forward.", "Make it harder by closing your eyes or standing on a cushion."],
        source="CLINICAL.md s3 [R35][P]: single-leg stand 10 s in the readiness battery",
        sets=3,
        hold_seconds=10,
        each="side",
    ),
    # CLINICAL.md section 4: hip abductor work [R40][R41][R42].
    exercise(
        "Side-lying hip abduction",
        "strength",
        [
            "Lie on your side, bottom knee bent, top leg straight in line with your body.",
            "Lift the top leg slightly behind you, toes pointing forward.",
            "Lower slowly.",
        ],
        cues=["Lead with the heel.", "Keep the hips stacked."],
        mistakes=["Rolling back.", "Lifting the leg in front of the body."],
        source="CLINICAL.md s4 [R40]: 10x2 -> 10x3; highest gluteus medius activation [R41]",
        sets=2,
        reps=10,
        each="side",
    ),
    exercise(
        "Side plank",
        "strength",
        [
            "Lie on your side with the elbow under the shoulder.",
            "Lift the hips so the body makes a straight line; hold.",
            "Switch sides.",
        ],
        cues=["Hips forward.", "Start from the knees if the full plank is too much."],
        mistakes=["Hips sagging.", "Shoulder shrugging to the ear."],
        source="CLINICAL.md s4 [R40]: 15 s x2 -> 20 s x3",
        sets=2,
        hold_seconds=15,
        each="side",
    ),
    exercise(
        "Clamshells",
        "strength",
        [
            "Lie on your side, hips and knees bent, feet together.",
            "Keeping the feet together, lift the top knee without rolling the pelvis back.",
            "Lower slowly.",
        ],
        cues=["Small range, no rocking."],
        equipment="Optional band above the knees",
        source="CLINICAL.md s4 [R41]; dosage: clinic default, to be reviewed",
        sets=2,
        reps=15,
        each="side",
    ),
    exercise(
        "Step-down",
        "strength",
        [
            "Stand on one leg on a step about 8 inches high.",
            "Slowly lower the other heel towards the floor, bending the standing knee.",
            "Touch lightly and return.",
        ],
        cues=["Knee over the second toe.", "Pelvis level."],
        mistakes=["Knee collapsing inward.", "Dropping fast."],
        equipment="A step about 8 inches high",
        source="CLINICAL.md s3 [R34]: 10 x 8-inch step-downs",
        sets=2,
        reps=10,
        each="side",
    ),
    exercise(
        "Single-leg squat",
        "strength",
        [
            "Stand on one leg, arms forward for balance.",
            "Sit back and down as far as you control, then stand up.",
        ],
        cues=["Knee tracks over the foot.", "Hips level."],
        mistakes=["Knee falling in.", "Trunk leaning to one side."],
        source="CLINICAL.md s4 [R40]: 10x2 -> 12x3",
        sets=2,
        reps=10,
        each="side",
    ),
    # Cross-training: the clinic's active recovery.
    exercise(
        "Swim",
        "cross_training",
        ["Easy continuous swimming or pool running."],
        cues=["Conversational effort."],
        source=CLINIC_DEFAULT,
        duration_minutes=30,
    ),
    exercise(
        "Cycle",
        "cross_training",
        ["Easy cycling, indoors or out, on flat routes."],
        cues=["Conversational effort.", "Saddle high enough that the knee is almost straight."],
        source=CLINIC_DEFAULT,
        duration_minutes=30,
    ),
    exercise(
        "Walk",
        "cross_training",
        ["A brisk walk on even ground."],
        cues=["Walk without a limp; stop if you start limping."],
        source="CLINICAL.md s3: walking targets vary, 30 min [R32][P]",
        duration_minutes=30,
    ),
]


def item(exercise_name, days_per_week=3, progress=None, **dosage):
    """A template item: the exercise's own dosage unless overridden; `progress` is
    (sets, reps, hold_seconds, after_sessions, max_pain)."""
    row = {"exercise": exercise_name, "days_per_week": days_per_week, **dosage}
    if progress:
        sets, reps, hold, after, max_pain = progress
        row.update(
            progress_sets=sets,
            progress_reps=reps,
            progress_hold_seconds=hold,
            progress_after_sessions=after,
            progress_max_pain=max_pain,
        )
    return row


# Progressions advance after two sessions with pain at 3/10 or less: the secondary sources'
# "safe" band of the pain-monitoring model [R27][P] (the issue's own example).
SAFE_PAIN = 3

TEMPLATES: list[dict] = [
    {
        "name": "Hip strength for runners",
        "kind": "exercise",
        "description": "The clinic's hip program, 2-3 times a week: settle, strengthen, then "
        "prepare to run. Phases follow CLINICAL.md s4 (a synthesis that needs clinician "
        "approval [U]); exercise is recommended for at least 3 months [R36].",
        "source": "BRIEF.md; CLINICAL.md s4 [R36][R37][R40]",
        "phases": [
            {
                "name": "Settle and activate",
                "goal": "Calm the hip down and wake up the glutes with low-load work.",
                "typical_weeks": 2,
                "entry_criteria": "Discovery Visit done; no red flags open (triage routine or "
                "cleared by the therapist).",
                "exit_criteria": "Exercises done with pain the therapist judges acceptable; "
                "ready for more load (therapist's judgement).",
                "items": [
                    item("Glute bridge", 3),
                    item("Clamshells", 3),
                    item("Side-lying hip abduction", 3, progress=(3, 10, None, 2, SAFE_PAIN)),
                    item("Single-leg balance", 3),
                    item("Hip flexor stretch", 3),
                ],
            },
            {
                "name": "Build strength",
                "goal": "Progressive strength for the hip and trunk, 2-3 times a week.",
                "typical_weeks": 12,
                "entry_criteria": "Phase 1 exercises comfortable.",
                "exit_criteria": "Hip-specific criteria for straight-line running [R34] met "
                "in the clinic, e.g. 45 s side plank, 30 side-lying abductions, 10 single-leg "
                "squats and 10 step-downs, all pain-free.",
                "items": [
                    item("Glute bridge", 3, progress=(3, 15, None, 2, SAFE_PAIN)),
                    item("Monster walk", 3),
                    item("Single-leg deadlift", 3),
                    item("Side plank", 3, progress=(3, None, 20, 2, SAFE_PAIN)),
                    item("Step-down", 2),
                    item("Side lunge", 2),
                ],
            },
            {
                "name": "Ready to run",
                "goal": "Single-leg strength and control for running.",
                "typical_weeks": 4,
                "entry_criteria": "Build-strength phase completed.",
                "exit_criteria": "Readiness battery in the clinic [R35][P] (clinic only).",
                "items": [
                    item("Single-leg squat", 3, progress=(3, 12, None, 2, SAFE_PAIN)),
                    item("Deadlift", 2),
                    item("Single-leg deadlift", 3),
                    item("Side plank", 3, sets=3, hold_seconds=20),
                ],
            },
        ],
    },
    {
        "name": "Warm-up and cool-down",
        "kind": "exercise",
        "description": "The clinic's dynamic warm-up before each run and static stretches "
        "after. Dosage: clinic defaults, to be reviewed.",
        "source": "BRIEF.md (prevention)",
        "phases": [
            {
                "name": "Before and after each run",
                "goal": "Dynamic warm-up before, static stretches after.",
                "typical_weeks": 4,
                "items": [
                    item("Leg swings", 3),
                    item("Walking lunges", 3),
                    item("High knees", 3),
                    item("Hip flexor stretch", 3),
                    item("Hamstring stretch", 3),
                    item("Glute stretch", 3),
                ],
            }
        ],
    },
    {
        "name": "Walk/run return: 10 levels",
        "kind": "return_to_run",
        "description": "30 minutes a session. Level 1 is walk 9 / run 1, three times; each level "
        "moves a minute from walking to running; level 10 is 30 minutes of running. Each "
        "level at least 3 times, a rest day after each session. Tendon mode: pain during at "
        "most 5/10 and back to baseline by the next morning [R26][P].",
        "source": "CLINICAL.md s3 [R32][P]; pain rule [R26][P]",
        "stages": [
            {
                "name": f"Level {level}",
                "run_seconds": level * 60 if level < 10 else 30 * 60,
                "walk_seconds": (10 - level) * 60 if level < 10 else None,
                "repeats": 3 if level < 10 else 1,
                "sessions_per_week": 3,
                "rest_days_after": 1,
                "min_sessions": 3,
                "pain_mode": "tendon",
                "pain_threshold": 5,
            }
            for level in range(1, 11)
        ],
    },
    {
        "name": "Return to run after a bone stress injury",
        "kind": "return_to_run",
        "description": "The six-phase military standard: at least 1 rest day between runs, "
        "each phase at least twice, no progress with swelling, stiffness or increased pain, "
        "level surfaces only. Bone mode: no pain at all [R35][P]. Only after the therapist "
        "records clearance.",
        "source": "CLINICAL.md s3 [R29]; bone rule [R35][P]",
        "stages": [
            {
                "name": name,
                "run_seconds": run,
                "walk_seconds": walk,
                "repeats": None,
                "distance_miles": miles,
                "rpe": rpe,
                "sessions_per_week": 3,
                "rest_days_after": 1,
                "min_sessions": 2,
                "pain_mode": "bone",
                "pain_threshold": 0,
            }
            for name, rpe, walk, run, miles in [
                ("Phase 1", 3, 120, 180, "1.0"),
                ("Phase 2", 3, 120, 180, "1.5"),
                ("Phase 3", 4, 120, 240, "1.5"),
                ("Phase 4", 4, 120, 240, "2.0"),
                ("Phase 5", 5, 60, 240, "2.0"),
                ("Phase 6", None, None, None, "2.0"),
            ]
        ],
    },
]
