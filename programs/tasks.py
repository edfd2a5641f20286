from celery import shared_task

from programs.checkins.services import checkins_derive_for_cases, checkins_mark_missed


@shared_task(name="programs.tasks.checkins_tick")
def checkins_tick() -> dict:
    """Write the booking nudges and rest check-ins of recent intakes, and mark the missed
    ones; the outbox tick sends whatever is due."""
    return {"derived": checkins_derive_for_cases(), "missed": checkins_mark_missed()}


@shared_task(name="programs.tasks.outcomes_refresh")
def outcomes_refresh() -> int:
    """Count the Outcomes dashboard's figures again (nightly)."""
    from programs.outcomes import outcomes_refresh as refresh

    return refresh()
