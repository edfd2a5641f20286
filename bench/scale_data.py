"""Years of data for `admin_scale` and `jobs_scale`, seeded with SQL on PostgreSQL: every table
the staff pages read, `INSERT ... SELECT generate_series` straight into the bench's own
databases (bulk_create would take minutes per million rows), then one runner with a long
history made through the ORM, the same in both databases.

Row shapes follow the portal's: the values are spread (levels, statuses, kinds, dates over
three years) so the planner sees what a clinic's tables would hold, not one repeated row.
Shares (failed e-mails, check-ins to review, upcoming visits) are set so that every timed
list fills its page of 100 in the small database too: otherwise the big database would be
timed rendering more rows, not reading more data.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone

from clinic.models import OutboundEmail, PrivateLink, Therapist
from intake.models import Case, Runner, Visit, VisitType
from programs.models import CheckIn, Decision, PainMode, Plan, PlanSession, PlanStage, SessionLog

# Each statement inserts %(n)s rows; %(runner0)s.. are the first ids of the tables before it,
# %(runners)s.. their counts. Cases are all older than the check-in tick's 5-day window: the
# tick compares equal recent work (RECENT_CASES) at 1,000 and at 1,000,000 cases.
RUNNERS = """
INSERT INTO intake_runner (first_name, last_name, email, phone, created_at, language)
SELECT ('{Maya,Sam,Priya,Jordan,Ellie,Chris,Dana,Alex,Riley,Noah,Ava,Liam,Zoe,Omar,Lena}'
            ::text[])[1 + i %% 15],
       ('{Lopez,Okafor,Shah,Reed,Nguyen,Miller,Brooks,Kim,Garcia,Patel,Smith,Jones,Cohen}'
            ::text[])[1 + (i / 15) %% 13],
       'runner' || i || '@example.com',
       '919-' || lpad((i %% 1000)::text, 3, '0') || '-' || lpad(((i / 7) %% 10000)::text, 4, '0'),
       now() - (i %% 1095) * interval '1 day', (ARRAY['en','en','en','es'])[1 + i %% 4]
FROM generate_series(1, %(n)s) AS i
"""
CASES = """
INSERT INTO intake_case (runner_id, answers, main_location, triage_level, ruleset_version,
    reasons, consent_version, consent_at, status, notes, submitted_at, call_today, priority,
    age, days_since_onset, language)
SELECT %(runner0)s + i %% %(runners)s, '{}', 'side',
       (ARRAY['routine','routine','routine','soon','soon','urgent','emergency'])[1 + i %% 7],
       '2026.1', '[]', '2026-11', now() - interval '6 days' - (i %% 1090) * interval '1 day',
       (ARRAY['discharged','discharged','discharged','in_program','referred_out'])[1 + i %% 5],
       '',
       now() - interval '6 days' - (i %% 1090) * interval '1 day'
           - (i %% 86400) * interval '1 second',
       false, false, 18 + i %% 50, 1 + i %% 300, (ARRAY['en','en','en','es'])[1 + i %% 4]
FROM generate_series(1, %(n)s) AS i
"""
DRAFTS = """
INSERT INTO intake_intakedraft (steps, furthest_step, email, created_at, updated_at, submitted_at,
    language)
SELECT '{"1": {"first_name": "Maya"}}', 1 + i %% 6, 'runner' || i || '@example.com',
       now() - (i %% 25) * interval '1 day', now() - (i %% 25) * interval '1 day',
       CASE WHEN i %% 3 = 0 THEN now() - (i %% 25) * interval '1 day' END, 'en'
FROM generate_series(1, %(n)s) AS i
"""
# Abandoned long ago: what the nightly purge removes.
OLD_DRAFTS = """
INSERT INTO intake_intakedraft (steps, furthest_step, email, created_at, updated_at, language)
SELECT '{"1": {"first_name": "Maya", "last_name": "Lopez"}, "2": {"weekly_miles": "20"}}', 2,
       'runner' || i || '@example.com', now() - interval '40 days' - (i %% 700) * interval '1 day',
       now() - interval '40 days' - (i %% 700) * interval '1 day', 'en'
FROM generate_series(1, %(n)s) AS i
"""
# Six therapists, one visit each 40 minutes, half past and half to come: no two overlap (the
# exclusion constraint).
VISITS = """
INSERT INTO intake_visit (case_id, therapist_id, visit_type_id, mode, start, "end",
    blocked_until, status, sequence, booked_by_staff, created_at)
SELECT %(case0)s + i %% %(cases)s, %(therapist0)s + i %% 6, %(visit_type)s, 'in_clinic',
       t, t + interval '30 minutes', t + interval '30 minutes',
       CASE WHEN t < now() THEN (ARRAY['attended','attended','no_show'])[1 + i %% 3]
            ELSE 'booked' END,
       0, true, t - interval '7 days'
FROM generate_series(1, %(n)s) AS i,
     LATERAL (SELECT now() + (i / 6 - %(n)s / 12) * interval '40 minutes' AS t) AS s
"""
PLANS = """
INSERT INTO programs_plan (case_id, title, status, start_date, end_date, templates_used,
    auto_progress, bone_clearance_note, note_to_runner, created_at, updated_at, version,
    running_stopped_reason, running_stopped_reason_shown, running_stopped_language, title_es)
SELECT %(case0)s + i %% %(cases)s, 'Hip strength', (ARRAY['active','ended','ended'])[1 + i %% 3],
       current_date - (i %% 1000), current_date - (i %% 1000) + 84, 'Hip strength',
       false, '', '', now() - (i %% 1000) * interval '1 day', now(), 0, '', '', 'en',
       'Fuerza de cadera'
FROM generate_series(1, %(n)s) AS i
"""
CHECKINS = """
INSERT INTO programs_checkin (key, case_id, plan_id, kind, due_at, status, answers, answered_at,
    triage_level, needs_review, review_rank, review_reasons, reviewed_at, review_note, created_at,
    language)
SELECT 'seed:' || i, %(case0)s + i %% %(cases)s, %(plan0)s + i %% %(plans)s,
       (ARRAY['weekly','weekly','morning_after','lefs'])[1 + i %% 4], d,
       CASE WHEN i %% 10 = 0 THEN 'missed' ELSE 'answered' END,
       '{"pain_during": 2}', CASE WHEN i %% 10 = 0 THEN NULL ELSE d + interval '3 hours' END,
       'routine', i %% 4 = 0, CASE WHEN i %% 4 = 0 THEN 1 + i %% 8 ELSE 9 END,
       CASE WHEN i %% 4 = 0 THEN '["Pain up by 2 points."]'::jsonb ELSE '[]'::jsonb END,
       CASE WHEN i %% 8 = 0 THEN d + interval '1 day' END, '', d,
       CASE WHEN i %% 10 = 0 THEN '' ELSE (ARRAY['en','en','en','es'])[1 + i %% 4] END
FROM generate_series(1, %(n)s) AS i,
     LATERAL (SELECT now() - interval '3 days' - (i %% 1090) * interval '1 day' AS d) AS s
"""
DECISIONS = """
INSERT INTO programs_decision (plan_id, checkin_id, action, reason, reason_shown, language,
    inputs, status, final_action, decided_at)
SELECT %(plan0)s + i %% %(plans)s, %(checkin0)s + i %% %(checkins)s,
       (ARRAY['advance','repeat','step_back'])[1 + i %% 3], 'Pain settled.', 'Pain settled.',
       'en', '{}',
       (ARRAY['applied','applied','applied','pending','approved'])[1 + i %% 5], '',
       now() - (i %% 1090) * interval '1 day'
FROM generate_series(1, %(n)s) AS i
"""
EMAILS = """
INSERT INTO clinic_outboundemail (idempotency_key, kind, object_id, "to", status, due_at,
    attempts, last_error, sent_at, created_at, claim_token, payload)
SELECT 'seed-' || i,
       (ARRAY['checkin','checkin','checkin','visit_reminder','intake_received'])[1 + i %% 5],
       %(checkin0)s + i %% %(checkins)s, 'runner' || (i %% %(runners)s) || '@example.com',
       CASE WHEN i %% 8 = 0 THEN 'failed' ELSE 'sent' END, d, 1, '',
       CASE WHEN i %% 8 = 0 THEN NULL ELSE d + interval '1 minute' END, d, '', '{}'
FROM generate_series(1, %(n)s) AS i,
     LATERAL (SELECT now() - interval '1 day' - (i %% 1090) * interval '1 day' AS d) AS s
"""
LINKS = """
INSERT INTO clinic_privatelink (token_hash, purpose, object_id, created_at, expires_at, revoked_at)
SELECT md5('seed' || i) || md5('link' || i),
       (ARRAY['plan','checkin','checkin','visit-manage','intake-resume'])[1 + i %% 5],
       i, d, d + interval '30 days', CASE WHEN i %% 50 = 0 THEN d + interval '1 day' END
FROM generate_series(1, %(n)s) AS i,
     LATERAL (SELECT now() - (i %% 1090) * interval '1 day' AS d) AS s
"""
AUDIT = """
INSERT INTO clinic_auditevent (at, username, action, object_type, object_id, detail, ip)
SELECT now() - i * interval '90 seconds', 'staff' || (i %% 12),
       (ARRAY['list','view','view','view','change','action','export'])[1 + i %% 7],
       (ARRAY['intake.case', 'intake.case', 'intake.runner', 'intake.visit', 'programs.plan',
              'programs.checkin'])[1 + i %% 6],
       (i %% 100000)::text, '',
       ('10.' || (i / 65536) %% 256 || '.' || (i / 256) %% 256 || '.' || i %% 256)::inet
FROM generate_series(1, %(n)s) AS i
"""
# Intakes inside the check-in tick's window: the same number in both databases.
RECENT_CASES = 20
RECENT = """
INSERT INTO intake_case (runner_id, answers, main_location, triage_level, ruleset_version,
    reasons, consent_version, status, notes, submitted_at, call_today, priority, language)
SELECT %(runner0)s + i, '{}', 'side', (ARRAY['routine','soon'])[1 + i %% 2], '2026.1', '[]',
       '2026-11', 'new', '', now() - i * interval '3 hours', false, false, 'en'
FROM generate_series(1, %(n)s) AS i
"""


def _execute(alias: str, sql: str, **params) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)


def _first_and_count(alias: str, table: str, where: str = "TRUE") -> tuple[int, int]:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT min(id), count(*) FROM {table} WHERE {where}")  # noqa: S608
        first, count = cursor.fetchone()
    return first or 0, count


def therapists(alias: str) -> list[Therapist]:
    users = get_user_model().objects.db_manager(alias)
    return [
        Therapist.objects.using(alias).create(
            user=users.create_user(f"scale-pt{number}", f"scale-pt{number}@example.com"),
            display_name=f"Therapist {number}, PT",
        )
        for number in range(7)
    ]


def _max_id(alias: str, table: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def tables_load(alias: str, rows: int, cases: int) -> None:
    """`rows` rows in every table the staff lists read (`cases` cases), in seconds, not
    minutes: SQL on the server, no row through Python."""
    staff = therapists(alias)
    visit_type = VisitType.objects.using(alias).get(is_default=True).pk
    _execute(alias, RUNNERS, n=rows)
    runner0, runner_count = _first_and_count(alias, "intake_runner", "email LIKE 'runner%%'")
    ids = {"runner0": runner0, "runners": runner_count}
    # The seeded rows of each table are counted from the ids above what was there (the other
    # metrics of the same run leave cases and plans in this database), so they are contiguous.
    before = _max_id(alias, "intake_case")
    _execute(alias, CASES, n=cases, **ids)
    _execute(alias, RECENT, n=RECENT_CASES, **ids)
    ids["case0"], ids["cases"] = _first_and_count(alias, "intake_case", f"id > {before}")
    _execute(alias, DRAFTS, n=rows)
    _execute(alias, VISITS, n=rows, therapist0=staff[0].pk, visit_type=visit_type, **ids)
    before = _max_id(alias, "programs_plan")
    _execute(alias, PLANS, n=rows, **ids)
    ids["plan0"], ids["plans"] = _first_and_count(alias, "programs_plan", f"id > {before}")
    before = _max_id(alias, "programs_checkin")
    _execute(alias, CHECKINS, n=rows, **ids)
    ids["checkin0"], ids["checkins"] = _first_and_count(alias, "programs_checkin", f"id > {before}")
    _execute(alias, DECISIONS, n=rows, **ids)
    _execute(alias, EMAILS, n=rows, **ids)
    _execute(alias, LINKS, n=rows)
    _execute(alias, AUDIT, n=rows)


def old_drafts_load(alias: str, count: int) -> None:
    _execute(alias, OLD_DRAFTS, n=count)


def vacuum(alias: str) -> None:
    """Autovacuum would have analysed freshly loaded tables long before anyone looks."""
    with connections[alias].cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- one runner with years of history, the same in both databases -------------------------

HISTORY = {"plans": 11, "checkins": 840, "visits": 30, "versions": 200, "sessions": 36}


def long_history(alias: str) -> dict:
    """A runner whose case has 11 plans (36 sessions each, half logged), 840 check-ins with
    their e-mails, 30 visits and 200 saved versions of the case and of one plan. Returns the
    ids the timed pages need."""
    runner = Runner.objects.using(alias).create(
        first_name="Years", last_name="Ofdata", email="years@example.com", phone="919-555-0199"
    )
    case = Case.objects.using(alias).create(
        runner=runner, triage_level="routine", ruleset_version="2026.1", answers={}
    )
    therapist = Therapist.objects.using(alias).order_by("-pk").first()
    visit_type = VisitType.objects.using(alias).get(is_default=True)
    start = timezone.now() + timedelta(days=900)  # after every seeded visit
    Visit.objects.using(alias).bulk_create(
        Visit(
            case=case,
            therapist=therapist,
            visit_type=visit_type,
            start=start + timedelta(days=n),
            end=start + timedelta(days=n, minutes=30),
            blocked_until=start + timedelta(days=n, minutes=30),
            booked_by_staff=True,  # one free self-booked visit per case; staff book the rest
        )
        for n in range(HISTORY["visits"])
    )
    plans = Plan.objects.using(alias).bulk_create(
        Plan(
            case=case,
            title=f"Plan {n}",
            start_date=date(2026, 1, 5) + timedelta(weeks=n),
            end_date=date(2026, 3, 30) + timedelta(weeks=n),
        )
        for n in range(HISTORY["plans"])
    )
    stages = [
        PlanStage.objects.using(alias).create(
            plan=plan, order=1, name="Walk-run 1", pain_mode=PainMode.values[0]
        )
        for plan in plans
    ]
    sessions = PlanSession.objects.using(alias).bulk_create(
        PlanSession(
            plan=plan, date=plan.start_date + timedelta(days=2 * n), kind="run", stage=stage
        )
        for plan, stage in zip(plans, stages, strict=True)
        for n in range(HISTORY["sessions"])
    )
    SessionLog.objects.using(alias).bulk_create(
        SessionLog(session=session, outcome="done", pain_during=2) for session in sessions[::2]
    )
    now = timezone.now()
    checkins = CheckIn.objects.using(alias).bulk_create(
        CheckIn(
            key=f"years:{n}",
            case=case,
            plan=plans[n % len(plans)],
            kind=CheckIn.Kind.WEEKLY,
            due_at=now - timedelta(days=n),
            status=CheckIn.Status.ANSWERED,
            answered_at=now - timedelta(days=n),
            answers={"pain_now": n % 5, "note": "fine"},
        )
        for n in range(HISTORY["checkins"])
    )
    Decision.objects.using(alias).bulk_create(
        Decision(
            plan=checkin.plan,
            checkin=checkin,
            action="advance",
            reason="Pain settled.",
            status="applied",
        )
        for checkin in checkins[::10]
    )
    OutboundEmail.objects.using(alias).bulk_create(
        OutboundEmail(
            idempotency_key=f"years-{checkin.pk}",
            kind="checkin",
            object_id=checkin.pk,
            to=runner.email,
            status="sent",
            due_at=now,
            sent_at=now,
        )
        for checkin in checkins
    )
    PrivateLink.objects.using(alias).bulk_create(
        PrivateLink(
            token_hash=f"years-{checkin.pk}",
            purpose=PrivateLink.Purpose.CHECKIN,
            object_id=checkin.pk,
            expires_at=now + timedelta(days=7),
        )
        for checkin in checkins
    )
    for number in range(HISTORY["versions"]):
        case.notes = f"Called, version {number}"
        case.save(using=alias)
        plans[0].note_to_runner = f"Version {number}"
        plans[0].save(using=alias)
    return {"runner": runner.pk, "case": case.pk, "plan": plans[0].pk, "checkin": checkins[0].pk}
