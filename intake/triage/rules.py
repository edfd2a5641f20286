"""The red-flag rules, declared as data.

Every rule names the CLINICAL.md references behind it (R-numbers). `needs_review` marks a
rule whose tier or threshold CLINICAL.md leaves unverified ([U]) or that the portal chose
conservatively; such rules take the more serious tier, and the rationale says why, so a
clinician can review them in one place. Change a rule -> bump RULESET_VERSION: stored results
keep the version (and the rule texts) that produced them.
"""

from dataclasses import dataclass

from intake.triage.conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    Between,
    Condition,
    Includes,
    No,
    NotReported,
    NotYes,
    Yes,
)
from intake.triage.levels import EMERGENCY, ROUTINE, SOON, URGENT

RULESET_VERSION = "2026.1"

# NPRS 7-10 is the conventional "severe" band. CLINICAL.md says "severe pain" for septic
# arthritis without a number, so every rule using this needs clinician review.
SEVERE_PAIN = 7
# CLINICAL.md R10: 3-11 consecutive missed cycles is a primary REDs indicator.
MISSED_PERIODS_FLAG = 3
# CLINICAL.md R15 gives SCFE at ~8-15; the "~" makes the upper edge soft, so the portal keeps
# its adolescent questions and the SCFE rule for every runner under 18.
ADOLESCENT_MAX_AGE = 17

GROIN_OR_FRONT = Includes("pain_locations", ("groin", "front"))
# Where the runner did not say where it hurts, a groin-pain rule still applies: not knowing
# must never lower the level.
GROIN_FRONT_OR_UNKNOWN = AnyOf(GROIN_OR_FRONT, NotReported("pain_locations"))


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    condition: Condition
    message: str  # runner-facing, plain words
    rationale: str  # staff-facing: why this rule, why this tier
    sources: tuple[str, ...]  # CLINICAL.md reference numbers
    needs_review: bool = False


RULES: tuple[Rule, ...] = (
    # --- Emergency -------------------------------------------------------------------------
    Rule(
        id="trauma-cannot-bear-weight",
        level=EMERGENCY,
        condition=AllOf(
            Yes("trauma"), AnyOf(No("can_bear_weight"), NotReported("can_bear_weight"))
        ),
        message=(
            "Your pain started with a fall, collision or accident and you cannot take full "
            "weight on the leg. This needs an X-ray and a doctor today."
        ),
        rationale=(
            "Trauma with inability to weight-bear is a hip red flag; X-ray is the first "
            "imaging test (CLINICAL.md s1, trauma row: tier E). Also fires when weight-bearing "
            "was not reported: not knowing must not lower the level."
        ),
        sources=("R7", "R6"),
    ),
    Rule(
        id="cannot-bear-weight",
        level=EMERGENCY,
        condition=AllOf(No("can_bear_weight"), NotYes("trauma")),
        message=(
            "You cannot take full weight on the leg and walk. Without an injury to explain "
            "it, this can be a fracture or a joint infection and needs a doctor today."
        ),
        rationale=(
            "Inability to weight-bear without trauma: CLINICAL.md s1 gives E [U]; it is also "
            "the E criterion for femoral neck stress fracture (R9) and unstable SCFE (R15). "
            "Kept at E; clinician to confirm."
        ),
        sources=("R7", "R8", "R9", "R15"),
        needs_review=True,
    ),
    Rule(
        id="visible-deformity",
        level=EMERGENCY,
        condition=Yes("deformity"),
        message="You can see a change in the shape of your hip or leg. This needs a doctor today.",
        rationale=(
            "Deformity is a hip red flag (R7 [P]); with trauma CLINICAL.md s1 gives E. "
            "Without reported trauma no tier is given, so the portal keeps E."
        ),
        sources=("R7", "R6"),
        needs_review=True,
    ),
    Rule(
        id="possible-septic-arthritis",
        level=EMERGENCY,
        condition=AnyOf(
            AllOf(
                Yes("fever_or_unwell"),
                AnyOf(
                    AtLeast("pain_now", SEVERE_PAIN),
                    AtLeast("pain_worst", SEVERE_PAIN),
                    No("can_bear_weight"),
                    Yes("limping"),
                    Yes("recent_injection_or_surgery"),
                    Yes("infection_risk_factor"),
                ),
            ),
            AllOf(
                Yes("recent_injection_or_surgery"),
                AnyOf(
                    AtLeast("pain_now", SEVERE_PAIN),
                    AtLeast("pain_worst", SEVERE_PAIN),
                    No("can_bear_weight"),
                ),
            ),
        ),
        message=(
            "Feeling feverish or unwell, or a recent hip injection or operation, together with "
            "severe pain or trouble walking can mean a joint infection. It has to be ruled "
            "out today."
        ),
        rationale=(
            "Septic arthritis is treated as such until proven otherwise; case fatality 11% "
            "(R12); any doubt -> immediate assessment (R13). Fever/unwell + severe pain or "
            "unable to bear weight -> E (CLINICAL.md s1). 'Severe' is taken as NPRS >= 7, a "
            "limp stands in for a restricted joint; a recent injection or surgery, diabetes, "
            "immunosuppression or IV drug use are risk factors (R12), and after a procedure "
            "severe pain alone escalates because suspicion is high even without fever (R12). "
            "These cut-offs are the portal's, for clinician review."
        ),
        sources=("R12", "R13"),
        needs_review=True,
    ),
    Rule(
        id="cauda-equina-warning-signs",
        level=EMERGENCY,
        condition=AnyOf(
            Yes("saddle_numbness"), Yes("bladder_bowel_change"), Yes("sexual_dysfunction_new")
        ),
        message=(
            "Numbness between your legs or a new change in bladder or bowel control can mean "
            "pressure on the nerves at the base of the spine (cauda equina). Go to an "
            "emergency department now."
        ),
        rationale=(
            "Any cauda equina item -> E; the patient card says attend the Emergency "
            "department immediately (R14, CLINICAL.md s1)."
        ),
        sources=("R14",),
    ),
    Rule(
        id="progressive-leg-weakness",
        level=EMERGENCY,
        condition=Yes("leg_weakness_worsening"),
        message=(
            "Leg weakness that is getting worse can mean a nerve is being squeezed. It needs "
            "to be checked today."
        ),
        rationale=(
            "Progressive weakness: CLINICAL.md s1 gives E/U48 [U]; the more serious tier is "
            "taken. Leg weakness prompts a lumbar screen (R7)."
        ),
        sources=("R14", "R7"),
        needs_review=True,
    ),
    Rule(
        id="adolescent-limp-possible-scfe",
        level=EMERGENCY,
        condition=AllOf(Between("age", 1, ADOLESCENT_MAX_AGE), Yes("limping")),
        message=(
            "A young runner with hip, thigh or knee pain and a limp needs an X-ray the same "
            "day: the growth plate at the top of the thigh bone can slip."
        ),
        rationale=(
            "SCFE: ages ~8-15, limp with poorly localised hip/groin/thigh/knee pain (R15); up "
            "to 15% present with knee or thigh pain only (R15b). CLINICAL.md s1 asks for "
            "same-day assessment with X-ray [U]: sooner than U48, so E. Applied to all under "
            "18 because the age band is approximate."
        ),
        sources=("R15",),
        needs_review=True,
    ),
    Rule(
        id="testicular-pain",
        level=EMERGENCY,
        condition=Yes("testicular_pain"),
        message=(
            "Pain or swelling in a testicle can need treatment within hours. Go to an "
            "emergency department now."
        ),
        rationale=(
            "Sudden testicular pain -> E [U] (CLINICAL.md s1, referred GU). The intake does "
            "not ask whether it was sudden, so any testicular pain takes E."
        ),
        sources=("R7", "R6"),
        needs_review=True,
    ),
    # --- Urgent ----------------------------------------------------------------------------
    Rule(
        id="possible-femoral-neck-stress-fracture",
        level=URGENT,
        condition=AllOf(
            GROIN_FRONT_OR_UNKNOWN,
            AnyOf(
                Yes("pain_walking"),
                Yes("limping"),
                Yes("pain_standing_on_leg"),
                Yes("pain_persists_after_rest"),
                Yes("night_pain"),
                Yes("previous_stress_fracture"),
                Yes("pain_worse_with_more_running"),
            ),
        ),
        message=(
            "Groin or front-of-hip pain that hurts when you walk or stand on the leg, makes "
            "you limp, or stays at rest or at night can be a stress fracture of the hip. Stop "
            "running, do not hop on the leg, and see a doctor within 1-2 days for imaging."
        ),
        rationale=(
            "FNSF: commonest in distance runners, delay raises displacement risk (R8); "
            "walking pain, antalgic gait, rest/night pain, pain that began or grew with more "
            "running; no hopping (R9); marathon advice to stop (R51). Any with groin pain "
            "-> U48 (CLINICAL.md s1). Applied also when the pain location was not reported."
        ),
        sources=("R8", "R9", "R51"),
    ),
    Rule(
        id="trauma-onset",
        level=URGENT,
        condition=AllOf(Yes("trauma"), NotYes("deformity"), Yes("can_bear_weight")),
        message=(
            "Your pain started with a fall, collision or accident. A doctor should check it, "
            "usually with an X-ray, before you run again."
        ),
        rationale=(
            "Trauma is a hip red flag (R7 [P]); X-ray first (R6). CLINICAL.md gives no tier "
            "for trauma while still weight-bearing: U48 taken conservatively."
        ),
        sources=("R7", "R6"),
        needs_review=True,
    ),
    Rule(
        id="fever-or-unwell",
        level=URGENT,
        condition=Yes("fever_or_unwell"),
        message=(
            "Hip pain while you feel feverish or unwell should be checked by a doctor today "
            "or tomorrow, to rule out an infection."
        ),
        rationale=(
            "Septic arthritis may present without classic signs; treat as septic if "
            "suspicion is high even without fever (R12); any doubt -> immediate assessment "
            "(R13). Without severe pain or weight-bearing trouble the portal asks for a "
            "same-day call and U48; clinician to confirm."
        ),
        sources=("R12", "R13"),
        needs_review=True,
    ),
    Rule(
        id="recent-hip-injection-or-surgery",
        level=URGENT,
        condition=Yes("recent_injection_or_surgery"),
        message=(
            "Hip pain within 3 months of a hip injection or operation should be checked by "
            "your doctor or surgeon within 1-2 days."
        ),
        rationale=(
            "Prior intra-articular steroid and a prosthesis are septic-arthritis risk factors "
            "(R12); a deep hip may not look hot or swollen [U]. No tier given: U48 taken "
            "conservatively."
        ),
        sources=("R12",),
        needs_review=True,
    ),
    Rule(
        id="cancer-history",
        level=URGENT,
        condition=Yes("cancer_history"),
        message=(
            "Because you have had cancer, new pain should be checked by a doctor within 1-2 days."
        ),
        rationale=(
            "History of cancer is the best-supported malignancy indicator (R2); cancer "
            "history + new unexplained pain -> U48 [U] (CLINICAL.md s1)."
        ),
        sources=("R2", "R7"),
        needs_review=True,
    ),
    Rule(
        id="systemic-symptoms",
        level=URGENT,
        condition=AnyOf(Yes("unexplained_weight_loss"), Yes("night_sweats")),
        message=(
            "Weight loss you cannot explain or night sweats together with pain should be "
            "checked by a doctor within 1-2 days."
        ),
        rationale="Systemic symptoms -> U48 [U] (CLINICAL.md s1 malignancy; R7 [P]).",
        sources=("R7", "R2"),
        needs_review=True,
    ),
    Rule(
        id="constant-night-pain",
        level=URGENT,
        condition=Yes("night_pain_constant"),
        message=(
            "Constant pain at night that does not ease when you change position should be "
            "checked by a doctor within 1-2 days."
        ),
        rationale=(
            "Listed with the malignancy questions (CLINICAL.md s1; R7 [P]); night pain alone "
            "is PT, but constant night pain not eased by position is taken to U48 "
            "conservatively."
        ),
        sources=("R7", "R2"),
        needs_review=True,
    ),
    Rule(
        id="avascular-necrosis-risk",
        level=URGENT,
        condition=AllOf(
            GROIN_FRONT_OR_UNKNOWN,
            AnyOf(Yes("long_term_steroids"), Yes("heavy_alcohol_use"), Yes("avn_medical_risk")),
        ),
        message=(
            "Groin pain together with steroid treatment, heavy drinking or some medical "
            "conditions can mean the blood supply to the hip is affected. A doctor should "
            "check it within 1-2 days."
        ),
        rationale=(
            "AVN: consider with groin pain plus steroid or alcohol history; sickle cell, "
            "lupus, chemotherapy or radiation, transplant (R16 [P]); groin pain + risk factor "
            "-> U48 [U]. Front-of-hip pain counts as groin, and an unreported location too."
        ),
        sources=("R16",),
        needs_review=True,
    ),
    Rule(
        id="groin-lump",
        level=URGENT,
        condition=Yes("groin_lump"),
        message=(
            "A lump or bulge in the groin can be a hernia. A doctor should check it within "
            "1-2 days; go to an emergency department if it becomes very painful or you vomit."
        ),
        rationale=(
            "Groin lump and hernia signs (R7 [P], R17 [P]); anterior hip pain may be "
            "abdominal (R6). Non-testicular referred causes -> U48 [U]."
        ),
        sources=("R7", "R17", "R6"),
        needs_review=True,
    ),
    Rule(
        id="abdominal-or-urinary-signs",
        level=URGENT,
        condition=Yes("blood_in_urine_or_vomiting"),
        message=(
            "Blood in your urine or vomiting together with hip or groin pain can mean the pain "
            "comes from your abdomen or urinary tract. A doctor should check it within 1-2 "
            "days; go to an emergency department if it gets worse."
        ),
        rationale=(
            "Anterior hip pain can come from intra-abdominal or pelvic causes (R6); "
            "haematuria is a listed red flag (R7 [P]). Non-testicular referred causes -> "
            "U48 [U]."
        ),
        sources=("R6", "R7"),
        needs_review=True,
    ),
    Rule(
        id="possible-dvt",
        level=URGENT,
        condition=Yes("calf_swelling"),
        message=(
            "Swelling, redness or warmth in your calf or thigh can be a blood clot. See a "
            "doctor today; call 911 if you become short of breath or have chest pain."
        ),
        rationale=(
            "DVT -> U48 / same day; CLINICAL.md s1 has no source for this row [U]. The clinic "
            "calls the same day."
        ),
        sources=(),
        needs_review=True,
    ),
    # --- Soon ------------------------------------------------------------------------------
    Rule(
        id="bone-health-reds-risk",
        level=SOON,
        condition=AnyOf(
            AtLeast("missed_periods_12_months", MISSED_PERIODS_FLAG),
            Yes("low_bone_density_or_eating_disorder"),
            Yes("previous_stress_fracture"),
            Yes("first_period_after_15"),
        ),
        message=(
            "Missed periods, low bone density, an eating disorder or an earlier stress "
            "fracture raise the risk of bone stress injuries. Stop running until a physical "
            "therapist has seen you; we may suggest a sports-medicine doctor too."
        ),
        rationale=(
            "IOC REDs primary indicators: 3-11 missed cycles, bone stress injury history, "
            "low BMD, eating disorder; severe: no period by 15 (R10); Triad risk (R11). "
            "Flag -> R/PT with a sports-medicine referral: PT taken. With FNSF signs the FNSF "
            "rule also fires."
        ),
        sources=("R10", "R11"),
    ),
    Rule(
        id="referred-lumbar",
        level=SOON,
        condition=AnyOf(Yes("back_pain"), Yes("tingling_below_knee")),
        message=(
            "Back pain or tingling below the knee can mean the pain comes from your lower "
            "back. A physical therapist should assess it within days."
        ),
        rationale=(
            "Posterior hip pain includes referred lumbar pathology (R6); numbness or "
            "tingling prompts a lumbar screen (R7). Tingling without weakness -> PT [U]."
        ),
        sources=("R6", "R7"),
        needs_review=True,
    ),
    Rule(
        id="pain-persists-after-rest",
        level=SOON,
        condition=Yes("pain_persists_after_rest"),
        message=(
            "Pain that lasts for days after rest is a warning sign. Stop running and get "
            "evaluated by a physical therapist within days."
        ),
        rationale=(
            "The clinic's own warning sign (48-72 h, clinic policy, CLINICAL.md s6 [U]). "
            "With groin pain the FNSF rule also fires."
        ),
        sources=(),
        needs_review=True,
    ),
    Rule(
        id="snapping-with-reduced-motion",
        level=SOON,
        condition=AllOf(Yes("snapping_or_clicking"), Yes("reduced_range_of_motion")),
        message=(
            "Snapping or clicking with a hip that feels stuck or blocked should be assessed "
            "by a physical therapist within days. Stop running until then."
        ),
        rationale=(
            "Clinic warning sign (impingement, labral tear). FAI syndrome needs symptoms, "
            "signs and imaging (R5): route to the PT, not a diagnosis."
        ),
        sources=("R5",),
    ),
    Rule(
        id="night-pain",
        level=SOON,
        condition=Yes("night_pain"),
        message=(
            "Pain at night or lying down that disturbs your sleep is a warning sign. Stop "
            "running and get evaluated within days."
        ),
        rationale=(
            "Clinic warning sign; night pain alone -> PT, consider FNSF (CLINICAL.md s1; R7 [P])."
        ),
        sources=("R7",),
    ),
    Rule(
        id="altered-gait",
        level=SOON,
        condition=Yes("limping"),
        message=(
            "Pain that makes you limp or shift your weight off the leg is a warning sign. "
            "Stop running and get evaluated within days."
        ),
        rationale=(
            "Clinic warning sign; antalgic gait is an FNSF feature (R9), which fires as well "
            "with groin pain."
        ),
        sources=("R9",),
    ),
)

assert len({rule.id for rule in RULES}) == len(RULES), "rule ids must be unique"  # noqa: S101
assert ROUTINE not in {rule.level for rule in RULES}  # noqa: S101 - routine means no rule fired
