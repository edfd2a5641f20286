"""The red-flag rules, declared as data.

Every rule names the references behind it: R-numbers from CLINICAL.md, N-numbers from
references.py. `needs_review` marks a rule whose tier or threshold CLINICAL.md leaves
unverified ([U]) or that the portal chose conservatively; such rules take the more serious
tier, and the rationale says why, so a clinician can review them in one place. Change a rule
-> bump RULESET_VERSION: stored results keep the version (and the rule texts) that produced
them.

Within a level, the rule declared first leads the result, so the most specific explanation
of a level is declared before the broad ones (a strangulated hernia before a joint infection
that severe pain with fever could also suggest).
"""

from dataclasses import dataclass

from intake.triage.conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    Between,
    Condition,
    Is,
    No,
    Not,
    NotReported,
    NotYes,
    Yes,
)
from intake.triage.levels import EMERGENCY, ROUTINE, SOON, URGENT
from intake.triage.signs import (
    CHILD,
    GROIN_FRONT_OR_UNKNOWN,
    GROIN_OR_FRONT,
    HIP_SIGN,
    LATE_TEEN,
    LIMP_NOT_REPORTED,
    LOAD_INCREASE,
    LOCATION_UNKNOWN,
    NOT_FEMALE,
    OLDER_OR_AGE_UNKNOWN,
    REDS_SIGN,
    SCFE_AGE,
    SEVERE_PAIN,
    THIGH_OR_KNEE,
    WEIGHT_BEARING_PAIN,
    YOUNG_CHILD,
)

RULESET_VERSION = "2026.2"

GO_NOW = "Go to an emergency department now or call 911."


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    condition: Condition
    message: str  # runner-facing, plain words: what it may mean and what to do
    rationale: str  # staff-facing: why this rule, why this tier
    sources: tuple[str, ...]  # R-numbers (CLINICAL.md), N-numbers (references.py)
    # What the answers may mean, with no instruction or time frame: shown as "also noted"
    # when a more serious rule sets the level, so the page speaks with one voice.
    noted: str
    needs_review: bool = False


# --- Conditions shared by a pair of rules (the milder one stays quiet where the serious one
# fires, so the runner is not told two things about one finding) ---------------------------------
STRANGULATED_HERNIA = AllOf(
    Yes("groin_lump"),
    AnyOf(
        AtLeast("pain_now", SEVERE_PAIN),
        # Pain now not reported: the week's worst stands in for it (not knowing never lowers).
        AllOf(NotReported("pain_now"), AtLeast("pain_worst", SEVERE_PAIN)),
        Yes("groin_lump_painful_or_stuck"),
        Between("days_since_onset", 0, 1),
        Yes("blood_in_urine_or_vomiting"),
    ),
)
OLDER_FALL_HIP_SIGN = AllOf(
    OLDER_OR_AGE_UNKNOWN, Yes("trauma"), AnyOf(Yes("limping"), WEIGHT_BEARING_PAIN)
)
SCFE_SIGNS = AllOf(SCFE_AGE, AnyOf(HIP_SIGN, LIMP_NOT_REPORTED))
BILATERAL_TINGLING = AllOf(
    Yes("tingling_below_knee"),
    AnyOf(
        Yes("tingling_both_legs"),
        AllOf(Is("pain_side", "both"), NotReported("tingling_both_legs")),
    ),
)
# Femoral neck stress fracture signs (CLINICAL.md s1 FNSF row, R8, R9). Walking, standing,
# limp, an earlier stress fracture and pain that grew with running are symptoms of the
# fracture itself and count wherever the pain was not placed; rest and night pain, and REDs
# signs, count with groin or front pain (night pain alone is PT, CLINICAL.md s1).
FNSF_SYMPTOMS = AnyOf(
    Yes("pain_walking"),
    Yes("limping"),
    Yes("pain_standing_on_leg"),
    Yes("previous_stress_fracture"),
    Yes("pain_worse_with_more_running"),
    AllOf(REDS_SIGN, LOAD_INCREASE),
)
FNSF = AnyOf(
    AllOf(
        GROIN_OR_FRONT,
        AnyOf(FNSF_SYMPTOMS, Yes("pain_persists_after_rest"), Yes("night_pain"), REDS_SIGN),
    ),
    AllOf(LOCATION_UNKNOWN, FNSF_SYMPTOMS),
)


RULES: tuple[Rule, ...] = (
    # --- Emergency -------------------------------------------------------------------------
    Rule(
        id="cauda-equina-warning-signs",
        level=EMERGENCY,
        condition=AnyOf(
            Yes("saddle_numbness"), Yes("bladder_bowel_change"), Yes("sexual_dysfunction_new")
        ),
        message=(
            "Numbness between your legs or a new change in bladder, bowel or sexual function "
            "can mean pressure on the nerves at the base of the spine (cauda equina). " + GO_NOW
        ),
        rationale=(
            "Any cauda equina item -> E; the patient card says attend the Emergency "
            "department immediately (R14, CLINICAL.md s1)."
        ),
        sources=("R14",),
        noted="Numbness between the legs or a bladder, bowel or sexual change: a nerve sign.",
    ),
    Rule(
        id="trauma-cannot-bear-weight",
        level=EMERGENCY,
        condition=AllOf(
            Yes("trauma"), AnyOf(No("can_bear_weight"), NotReported("can_bear_weight"))
        ),
        message=(
            "Your pain started with a fall, collision or accident and you cannot take full "
            "weight on the leg: this can be a fracture and needs an X-ray today. " + GO_NOW
        ),
        rationale=(
            "Trauma with inability to weight-bear is a hip red flag; X-ray is the first "
            "imaging test (CLINICAL.md s1, trauma row: tier E). Also fires when weight-bearing "
            "was not reported: not knowing must not lower the level."
        ),
        sources=("R7", "R6"),
        noted="An injury with trouble taking weight on the leg.",
    ),
    Rule(
        id="older-runner-fall-possible-hip-fracture",
        level=EMERGENCY,
        condition=OLDER_FALL_HIP_SIGN,
        message=(
            "After a fall, hip pain when you walk or stand on the leg, or a limp, can be a "
            "broken hip even though you can still walk on it. It needs an X-ray today. " + GO_NOW
        ),
        rationale=(
            "Impacted femoral neck fractures often still bear weight; after a fall or minor "
            "trauma in older patients radiographs of hip and pelvis come first, and MRI when "
            "they are negative but a fracture is still suspected (N2; R6: X-ray first). Walking "
            "on an undisplaced fracture risks displacement, and delay to surgery raises "
            "mortality (N2's evidence), so a same-day X-ray is needed: the portal cannot "
            "arrange one and U48 allows two days, so E (go to the emergency department). Age "
            "65 or over, or age not reported (not knowing must not lower the level). The age "
            "edge and the tier are the portal's, for clinician review."
        ),
        sources=("N2", "R6", "R7"),
        noted="A fall with pain on walking or standing, or a limp, at an age when hips break.",
        needs_review=True,
    ),
    Rule(
        id="visible-deformity",
        level=EMERGENCY,
        condition=Yes("deformity"),
        message=(
            "You can see a change in the shape of your hip or leg. This needs a doctor today. "
            + GO_NOW
        ),
        rationale=(
            "Deformity is a hip red flag (R7 [P]); with trauma CLINICAL.md s1 gives E. "
            "Without reported trauma no tier is given, so the portal keeps E."
        ),
        sources=("R7", "R6"),
        noted="A visible change in the shape of the hip or leg.",
        needs_review=True,
    ),
    Rule(
        id="possible-strangulated-hernia",
        level=EMERGENCY,
        condition=STRANGULATED_HERNIA,
        message=(
            "A lump in the groin with severe or sudden pain, a lump that is painful and hard "
            "or will not go back in, or vomiting, can be a trapped (strangulated) hernia. It "
            "needs surgery quickly. " + GO_NOW
        ),
        rationale=(
            "A hernia that is incarcerated or strangulated (painful, tender, irreducible, with "
            "vomiting) needs emergency surgery (N1); CLINICAL.md s1 gives other referred "
            "abdominal causes U48 [U], which does not fit a painful lump today. Fires on a "
            "groin lump with pain now >= 7/10, a lump reported painful and hard or not going "
            "back in, onset today or yesterday (sudden), or vomiting (the intake asks blood in "
            "urine and vomiting together; with a lump, read as vomiting). Worst pain of the "
            "past week is not 'today' and is left to the urgent groin-lump rule and the "
            "same-day call, unless pain now was not reported (then it stands in for it). "
            "Cut-offs are the portal's, for clinician review."
        ),
        sources=("N1", "R17", "R7"),
        noted="A groin lump with severe or sudden pain, or one that is hard or stuck.",
        needs_review=True,
    ),
    Rule(
        id="testicular-pain",
        level=EMERGENCY,
        condition=Yes("testicular_pain"),
        message=(
            "Pain or swelling in a testicle can need treatment within hours (a twisted "
            "testicle). " + GO_NOW
        ),
        rationale=(
            "Sudden testicular pain -> E [U] (CLINICAL.md s1, referred GU). The intake does "
            "not ask whether it was sudden, so any testicular pain takes E."
        ),
        sources=("R7", "R6"),
        noted="Pain or swelling in a testicle.",
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
                    Yes("reduced_range_of_motion"),
                    Yes("pain_walking"),
                    Yes("pain_standing_on_leg"),
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
            "severe pain, a stiff hip or pain when you walk, can mean a joint infection. It has "
            "to be ruled out today. " + GO_NOW
        ),
        rationale=(
            "A hot, painful, restricted joint is septic until proven otherwise; case fatality "
            "11% (R12); any doubt -> immediate assessment (R13). Fever/unwell + severe pain or "
            "unable to bear weight -> E (CLINICAL.md s1). A restricted joint is read from a "
            "hip that feels stuck or blocked, pain on walking or standing on the leg, or a "
            "limp; none of them is needed if another is there. 'Severe' is NPRS >= 7. A recent "
            "injection or surgery, diabetes, immunosuppression or IV drug use are risk factors "
            "(R12), and after a procedure severe pain alone escalates because suspicion is "
            "high even without fever (R12). Cut-offs are the portal's, for clinician review."
        ),
        sources=("R12", "R13"),
        noted="Fever or feeling unwell with a painful, stiff hip.",
        needs_review=True,
    ),
    Rule(
        id="child-limp-possible-scfe",
        level=EMERGENCY,
        condition=AllOf(SCFE_AGE, Yes("limping")),
        message=(
            "At your age, a limp with pain anywhere from the hip to the knee can mean the "
            "growth plate at the top of the thigh bone has slipped (SCFE). It needs an X-ray "
            "today; keep weight off the leg and do not run or jump. " + GO_NOW
        ),
        rationale=(
            "SCFE: ages ~8-15 (mean 13.5 boys, 12.0 girls), limp with poorly localised "
            "hip/groin/thigh/knee pain (R15); up to 15% with knee or thigh pain only (R15b), "
            "so any location counts. CLINICAL.md s1 asks for same-day assessment with X-ray "
            "[U]: sooner than U48, and the portal cannot arrange an X-ray, so E. Ages 8-15 "
            "for both sexes (girls' plates are mostly closed by 15, the band keeps 15 on the "
            "safe side); 16-17 have their own rule."
        ),
        sources=("R15", "N4"),
        noted="A limp with hip-to-knee pain at an age when the growth plate can slip (SCFE).",
        needs_review=True,
    ),
    Rule(
        id="cannot-bear-weight",
        level=EMERGENCY,
        condition=AllOf(No("can_bear_weight"), NotYes("trauma")),
        message=(
            "You cannot take full weight on the leg and walk. Without an injury to explain "
            "it, this can be a fracture or a joint infection and needs a doctor today. " + GO_NOW
        ),
        rationale=(
            "Inability to weight-bear without trauma: CLINICAL.md s1 gives E [U]; it is also "
            "the E criterion for femoral neck stress fracture (R9) and unstable SCFE (R15). "
            "Kept at E; clinician to confirm."
        ),
        sources=("R7", "R8", "R9", "R15"),
        noted="Unable to take full weight on the leg.",
        needs_review=True,
    ),
    Rule(
        id="progressive-leg-weakness",
        level=EMERGENCY,
        condition=Yes("leg_weakness_worsening"),
        message=(
            "Leg weakness that is getting worse can mean a nerve is being squeezed. It needs "
            "to be checked today. " + GO_NOW
        ),
        rationale=(
            "Progressive weakness: CLINICAL.md s1 gives E/U48 [U]; the more serious tier is "
            "taken. Leg weakness prompts a lumbar screen (R7)."
        ),
        sources=("R14", "R7"),
        noted="Leg weakness that is getting worse.",
        needs_review=True,
    ),
    # --- Urgent ----------------------------------------------------------------------------
    Rule(
        id="possible-femoral-neck-stress-fracture",
        level=URGENT,
        condition=FNSF,
        message=(
            "Groin or front-of-hip pain that hurts when you walk or stand on the leg, makes "
            "you limp, grew as you ran more, or stays at rest or at night, can be a stress "
            "fracture of the hip, more so after an earlier stress fracture, missed periods or "
            "low bone density. Stop running, do not hop on the leg, and see a doctor within "
            "1-2 days for imaging."
        ),
        rationale=(
            "FNSF: commonest in distance runners, usual symptom exercise-related groin pain, "
            "delay raises displacement risk (R8); walking pain, antalgic gait, rest/night "
            "pain, pain that began or grew with more running; no hopping (R9); marathon advice "
            "to stop (R51). Any with groin pain -> U48 (CLINICAL.md s1). REDs indicators "
            "(missed periods before the menopause, first period after 15, low BMD or eating "
            "disorder, earlier stress fracture: R10, R11) are bone-stress risk and with groin "
            "pain are treated as FNSF (CLINICAL.md s1 REDs row). Where the location was not "
            "reported the walking, standing, limp, earlier-fracture and more-running signs "
            "still fire (not knowing must not lower the level), as do REDs signs with a "
            ">= 30% rise in weekly miles over 4 weeks (R46, the conservative reading of its "
            "2-week caution flag); rest or night pain alone stay PT there (CLINICAL.md s1)."
        ),
        sources=("R8", "R9", "R51", "R10", "R11", "R46"),
        noted="Signs that can come from a stress fracture of the hip.",
    ),
    Rule(
        id="possible-femoral-stress-fracture-thigh-or-knee",
        level=URGENT,
        condition=AllOf(
            THIGH_OR_KNEE,
            Not(GROIN_OR_FRONT),
            AnyOf(REDS_SIGN, LOAD_INCREASE),
            AnyOf(Yes("pain_walking"), Yes("limping")),
        ),
        message=(
            "Thigh or knee pain that hurts when you walk or makes you limp, after a sharp "
            "rise in your running or with a higher risk of bone stress injuries, can come "
            "from a stress fracture of the thigh bone near the hip. Stop running, do not hop "
            "on the leg, and see a doctor within 1-2 days for imaging."
        ),
        rationale=(
            "A femoral neck or shaft stress fracture can refer pain to the thigh or knee, as "
            "hip pathology does (R8; R15b for referral to the knee); the FNSF rule needs "
            "groin or front pain. Here thigh or knee pain counts only with a gait sign (pain "
            "walking, a limp: R9) and a bone-stress context (REDs indicator R10/R11 or a "
            ">= 30% rise in weekly miles over 4 weeks, R46), so lateral thigh pain of gluteal "
            "tendinopathy or ITB pain without them stays routine. U48 as for FNSF. The "
            "combination is the portal's, for clinician review."
        ),
        sources=("R8", "R9", "R10", "R46", "R15b"),
        noted="Thigh or knee pain on walking with a bone-stress risk.",
        needs_review=True,
    ),
    Rule(
        id="child-hip-signs-possible-scfe",
        level=URGENT,
        condition=AllOf(SCFE_SIGNS, NotYes("limping")),
        message=(
            "At your age, pain anywhere from the hip to the knee can come from a slipped "
            "growth plate at the top of the thigh bone (SCFE), more so when walking or "
            "standing on the leg hurts or the hip feels stiff. Stop running and jumping and "
            "see a doctor within 24 hours for an X-ray; go to an emergency department if you "
            "start to limp or cannot walk on the leg."
        ),
        rationale=(
            "SCFE (ages ~8-15, R15) presents with poorly localised hip-to-knee pain (R15b); "
            "painful or restricted hip movement over 9 needs urgent assessment to exclude it "
            "(N4). Without a reported limp (a limp takes the E rule), pain on walking or "
            "standing on the leg or a stiff hip -> U48 with the same-day call. A limp that was "
            "not reported counts as a sign: it never lowers the level below this."
        ),
        sources=("R15", "N4"),
        noted="Hip-to-knee pain with a hip sign at an age when the growth plate can slip.",
        needs_review=True,
    ),
    Rule(
        id="young-child-hip-signs",
        level=URGENT,
        condition=AllOf(YOUNG_CHILD, AnyOf(HIP_SIGN, LIMP_NOT_REPORTED)),
        message=(
            "In a child, a limp, pain on walking or a stiff hip needs a doctor's examination "
            "within 1-2 days, often with an X-ray: causes include an irritable hip and "
            "Perthes disease. Go to an emergency department at once if the child has a "
            "fever, cannot put weight on the leg or is in severe pain."
        ),
        rationale=(
            "Under about 10 the common causes of a limp are transient synovitis, Perthes "
            "disease (4-10), and below 4 septic arthritis and toddler's fractures (N4). NICE "
            "asks for urgent specialist assessment when the child is under 3, cannot bear "
            "weight, or has painful limitation of movement (N4); fever, inability to bear "
            "weight and severe pain have their own E rules. U48 for the rest, with a safety "
            "net. Ages 1-7; 8-10 take the SCFE rules. A limp not reported counts as a sign."
        ),
        sources=("N4",),
        noted="A child's limp, pain on walking or stiff hip.",
        needs_review=True,
    ),
    Rule(
        id="late-teen-limp",
        level=URGENT,
        condition=AllOf(LATE_TEEN, NOT_FEMALE, Yes("limping")),
        message=(
            "At 16 or 17 the growth plate at the top of the thigh bone can still be open, so "
            "a limp with hip, thigh or knee pain should be checked by a doctor within 1-2 "
            "days, usually with an X-ray. Stop running until then."
        ),
        rationale=(
            "Past the SCFE band (~8-15, R15) a slip is uncommon, and a limp after a strain is "
            "usually muscular, so not E; but boys' growth plates close later than girls' (mean "
            "age at SCFE 13.5 vs 12.0, R15), so for male, other or undisclosed runners of "
            "16-17 a limp keeps a physician review with an X-ray (U48). Female runners of this "
            "age follow the adult rules (a limp -> PT). Clinician to confirm the edge."
        ),
        sources=("R15",),
        noted="A limp at an age when the growth plate may still be open.",
        needs_review=True,
    ),
    Rule(
        id="bilateral-leg-tingling",
        level=URGENT,
        condition=BILATERAL_TINGLING,
        message=(
            "Pins and needles or numbness below the knee in both legs can come from pressure "
            "on the nerves in your lower back. A doctor should check you within 24 hours. Go "
            "to an emergency department now, or call 911, if you notice numbness between your "
            "legs or around your genitals or back passage, new trouble controlling or feeling "
            "your bladder or bowels, a new problem with sexual function, or legs getting "
            "weaker."
        ),
        rationale=(
            "Bilateral leg symptoms are an early warning of cauda equina syndrome (N3); the "
            "emergency items (saddle numbness, bladder/bowel, sexual function, progressive "
            "weakness) are asked in the same intake and have their own E rules, so without "
            "them this is suspected, not established, CES: U48 with the same-day call and the "
            "CES card's safety net in words (R14, N3). Bilateral is read from 'both legs', or "
            "from pain on both sides when that was not asked. Back pain is not required: CES "
            "can present without it. Tier for clinician review."
        ),
        sources=("N3", "R14", "R7"),
        noted="Pins and needles below the knee in both legs.",
        needs_review=True,
    ),
    Rule(
        id="trauma-onset",
        level=URGENT,
        condition=AllOf(
            Yes("trauma"), NotYes("deformity"), Yes("can_bear_weight"), Not(OLDER_FALL_HIP_SIGN)
        ),
        message=(
            "Your pain started with a fall, collision or accident. A doctor should check it, "
            "usually with an X-ray, within 1-2 days and before you run again."
        ),
        rationale=(
            "Trauma is a hip red flag (R7 [P]); X-ray first (R6). CLINICAL.md gives no tier "
            "for trauma while still weight-bearing: U48 taken conservatively."
        ),
        sources=("R7", "R6"),
        noted="The pain started with a fall, collision or accident.",
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
            "(R13). Without severe pain, a stiff or weight-bearing-painful hip the portal asks "
            "for a same-day call and U48; clinician to confirm."
        ),
        sources=("R12", "R13"),
        noted="Fever, chills or feeling unwell.",
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
        noted="A hip injection or operation in the last 3 months.",
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
        noted="A history of cancer.",
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
        noted="Weight loss without trying or night sweats.",
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
        noted="Constant night pain that position does not ease.",
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
        noted="Groin pain with a risk factor for the hip's blood supply.",
        needs_review=True,
    ),
    Rule(
        id="groin-lump",
        level=URGENT,
        condition=AllOf(Yes("groin_lump"), Not(STRANGULATED_HERNIA)),
        message=(
            "A lump or bulge in the groin can be a hernia. A doctor should check it within "
            "1-2 days. Go to an emergency department at once if the lump becomes painful or "
            "hard, will not go back in, or you start vomiting."
        ),
        rationale=(
            "Groin lump and hernia signs (R7 [P], R17 [P]); anterior hip pain may be "
            "abdominal (R6). Non-testicular referred causes -> U48 [U]. A lump with severe or "
            "sudden pain, or hard or irreducible, takes the strangulated-hernia rule (N1) "
            "instead; the safety net names those signs."
        ),
        sources=("R7", "R17", "R6", "N1"),
        noted="A lump or bulge in the groin.",
        needs_review=True,
    ),
    Rule(
        id="abdominal-or-urinary-signs",
        level=URGENT,
        condition=AllOf(Yes("blood_in_urine_or_vomiting"), Not(STRANGULATED_HERNIA)),
        message=(
            "Blood in your urine or vomiting together with hip or groin pain can mean the pain "
            "comes from your abdomen or urinary tract. A doctor should check it within 1-2 "
            "days; go to an emergency department if it gets worse."
        ),
        rationale=(
            "Anterior hip pain can come from intra-abdominal or pelvic causes (R6); "
            "haematuria is a listed red flag (R7 [P]). Non-testicular referred causes -> "
            "U48 [U]. With a groin lump, vomiting takes the strangulated-hernia rule."
        ),
        sources=("R6", "R7"),
        noted="Blood in the urine or vomiting.",
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
        noted="Swelling, redness or warmth in the calf or thigh.",
        needs_review=True,
    ),
    # --- Soon ------------------------------------------------------------------------------
    Rule(
        id="child-hip-or-knee-pain",
        level=SOON,
        condition=AllOf(CHILD, Not(AnyOf(HIP_SIGN, LIMP_NOT_REPORTED))),
        message=(
            "Hip, thigh or knee pain in a growing child or teenager should be examined within "
            "days, because the growth-plate and hip problems of childhood can start this way. "
            "Stop running until a physical therapist or doctor has seen you."
        ),
        rationale=(
            "SCFE and Perthes present with poorly localised hip, thigh or knee pain, up to "
            "15% with knee or thigh pain only (R15, R15b, N4); a child's pain with no limp or "
            "hip sign still needs an examination of hip movement before running, so never "
            "routine under 16: PT, conservatively."
        ),
        sources=("R15", "R15b", "N4"),
        noted="Hip, thigh or knee pain in a growing child.",
        needs_review=True,
    ),
    Rule(
        id="bone-health-reds-risk",
        level=SOON,
        condition=REDS_SIGN,
        message=(
            "Missed periods, a late first period, low bone density, an eating disorder or an "
            "earlier stress fracture raise the risk of bone stress injuries. Stop running "
            "until a physical therapist has seen you; we may suggest a sports-medicine doctor "
            "too."
        ),
        rationale=(
            "IOC REDs primary indicators: 3-11 missed cycles, bone stress injury history, "
            "low BMD, eating disorder; severe: no period by 15 (R10); Triad risk (R11). "
            "Flag -> R/PT with a sports-medicine referral: PT taken. The menstrual indicators "
            "count up to age 50 only (premenopausal athletes, R10; menopause N5), and the "
            "intake asks them only then. With FNSF signs the FNSF rule also fires."
        ),
        sources=("R10", "R11", "N5"),
        noted="A risk factor for bone stress injuries (REDs).",
    ),
    Rule(
        id="referred-lumbar",
        level=SOON,
        condition=AllOf(
            AnyOf(Yes("back_pain"), Yes("tingling_below_knee")), Not(BILATERAL_TINGLING)
        ),
        message=(
            "Back pain or tingling below the knee can mean the pain comes from your lower "
            "back. A physical therapist should assess it within days."
        ),
        rationale=(
            "Posterior hip pain includes referred lumbar pathology (R6); numbness or "
            "tingling prompts a lumbar screen (R7). Tingling without weakness -> PT [U]; in "
            "both legs it takes the bilateral rule (N3)."
        ),
        sources=("R6", "R7"),
        noted="Back pain or tingling below the knee: the pain may come from the back.",
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
        noted="Pain that lingers long after rest.",
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
        noted="A hip that snaps and feels stuck.",
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
        noted="Pain at night or lying down.",
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
        noted="Pain that makes you limp.",
    ),
)

assert len({rule.id for rule in RULES}) == len(RULES), "rule ids must be unique"  # noqa: S101
assert ROUTINE not in {rule.level for rule in RULES}  # noqa: S101 - routine means no rule fired
