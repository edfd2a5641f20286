"""A hand-built June 2026 for the Outcomes dashboard, every figure worked out by hand below.

Six intakes submitted (one more case booked without an intake, which the figures leave out),
nine intake forms started, two therapists: Alex (assigned to c1, c3, c4) and Blake (c5's
assigned therapist, c2's through its first visit).

  case  level      therapist       visit (days after intake)   plan / back to running  LEFS
  c1    routine    Alex            attended Jun 4 (3)           plan, back Jun 29 (4 wk) 40->52
  c2    routine    Blake (visit)   no-show Jun 2 (0: 22 h)      -                        30->35
  c3    urgent     Alex            cancelled (none counted)     -  contacted after 45 min
  c4    urgent     Alex            -                            -  contacted after 135 min
  c5    soon       Blake           attended Jun 12 (4)          plan, no return
  c6    emergency  -               -                            -

Funnel: started 9, submitted 6, booked 4 (c1 c2 c3 c5), attended 2, plan 2, back 1,
discharged 1 (c1). Triage: week of Jun 1 routine 2 urgent 2; week of Jun 8 soon 1 emergency 1.
Urgent to contacted median 90 min. Intake to visit median 3 days. No-show 1 of 3 visits.
Check-ins 3 answered of 5. Decisions: advance 2, hold 1, step back 1 (an advance the therapist
overrode), stop 1. LEFS change median 8.5, 1 of 2 with >= 9 points. Back to running median
4 weeks. Pain per plan week (c1's plan from Jun 5): week 1 (4, 2) 3.0, week 2 (1) 1.0.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from clinic.models import Therapist
from intake.models import Case, IntakeDraft, Runner, Visit, VisitType
from programs.models import CheckIn, Decision, Plan, PlanSession, PlanStage, SessionLog

NY = ZoneInfo("America/New_York")
NOW = "2026-07-01T12:00:00Z"  # drafts of June are all still kept (30 days)
SINCE, UNTIL = date(2026, 6, 1), date(2026, 6, 30)


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


def therapists() -> tuple[Therapist, Therapist]:
    users = get_user_model().objects
    return (
        Therapist.objects.create(user=users.create_user("alex-pt"), display_name="Alex, PT"),
        Therapist.objects.create(user=users.create_user("blake-pt"), display_name="Blake, PT"),
    )


def _case(name, level, submitted, therapist=None, **fields) -> Case:
    runner = Runner.objects.create(
        first_name=name, last_name="Secret", email=f"{name}@example.com", phone="919-555-0100"
    )
    return Case.objects.create(
        runner=runner,
        triage_level=level,
        ruleset_version="2026.1",
        answers={"pain_now": 7, "note": f"{name}'s private answer"},
        submitted_at=submitted,
        assigned_therapist=therapist,
        **fields,
    )


def _visit(case, therapist, start, status, shift=timedelta(0)) -> Visit:
    start = start + shift
    return Visit.objects.create(
        case=case,
        therapist=therapist,
        visit_type=VisitType.objects.get(is_default=True),
        start=start,
        end=start + timedelta(minutes=30),
        blocked_until=start + timedelta(minutes=30),
        status=status,
        booked_by_staff=True,
    )


def _plan(case, start: date, stages: int) -> tuple[Plan, list[PlanStage]]:
    plan = Plan.objects.create(
        case=case, title="Hip strength", start_date=start, end_date=start + timedelta(weeks=8)
    )
    made = [
        PlanStage.objects.create(plan=plan, order=n, name=f"Stage {n}", pain_mode="tendon")
        for n in range(1, stages + 1)
    ]
    return plan, made


def _decision(plan, stage, action, decided, final=None, status="applied") -> None:
    decision = Decision.objects.create(
        plan=plan,
        stage=stage,
        action=action,
        reason="Hand-built.",
        status=status,
        final_action=action if final is None else final,
    )
    Decision.objects.filter(pk=decision.pk).update(decided_at=decided)


def _checkin(case, kind, due, status, answers=None) -> None:
    CheckIn.objects.create(
        key=f"{case.pk}:{kind}:{due.isoformat()}",
        case=case,
        kind=kind,
        due_at=due,
        status=status,
        answers=answers or {},
        answered_at=due + timedelta(hours=1) if status == "answered" else None,
    )


def clinic_june(alex: Therapist, blake: Therapist, shift: timedelta = timedelta(0)) -> None:
    """The month above; `shift` moves every visit (a second copy needs other visit times)."""
    for n in range(9):
        draft = IntakeDraft.objects.create(email=f"draft{n}@example.com")
        IntakeDraft.objects.filter(pk=draft.pk).update(created_at=at(2 + n % 8, 9))

    c1 = _case("Ann", "routine", at(1, 10), alex, lefs_total=40, status="discharged")
    _visit(c1, alex, at(4, 10), "attended", shift)
    plan, (stage1, stage2) = _plan(c1, date(2026, 6, 5), stages=2)
    _decision(plan, stage1, "advance", at(15, 10))
    _decision(plan, stage2, "repeat", at(20, 10))
    _decision(plan, stage2, "advance", at(29, 10))
    for day, pain in ((5, 4), (7, 2), (13, 1)):
        session = PlanSession.objects.create(
            plan=plan, date=date(2026, 6, day), kind="run", stage=stage1
        )
        SessionLog.objects.create(session=session, outcome="done", pain_during=pain)
    _checkin(c1, "lefs", at(20, 9), "answered", {"lefs_total": 52})
    _checkin(c1, "weekly", at(12, 9), "answered", {"pain_now": 2})
    _checkin(c1, "weekly", at(19, 9), "missed")

    c2 = _case("Ben", "routine", at(1, 12), lefs_total=30)
    _visit(c2, blake, at(2, 10), "no_show", shift)
    _checkin(c2, "lefs", at(22, 9), "answered", {"lefs_total": 35})

    c3 = _case("Cal", "urgent", at(3, 9), alex, contacted_at=at(3, 9, 45), status="contacted")
    _visit(c3, alex, at(5, 11), "cancelled", shift)
    _case("Dee", "urgent", at(3, 10), alex, contacted_at=at(3, 12, 15), status="contacted")

    c5 = _case("Eve", "soon", at(8, 10), blake, status="in_program")
    _visit(c5, blake, at(12, 10), "attended", shift)
    plan5, (only,) = _plan(c5, date(2026, 6, 15), stages=1)
    _decision(plan5, only, "advance", at(22, 10), final="step_back", status="overridden")
    _decision(plan5, only, "stop", at(26, 10))
    _checkin(c5, "weekly", at(24, 9), "missed")

    _case("Fay", "emergency", at(9, 10))
    _case("Gus", "pending", at(10, 10))  # booked without an intake: not in the figures
