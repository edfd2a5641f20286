"""Write the exercise library and templates that are missing; with --demo, also a plan for
the first demo case, and print its link. Idempotent."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clinic.links import link_issue
from clinic.models import PrivateLink
from intake.models import Case
from programs.emails import plan_link_lifetime
from programs.models import Plan, ProgramTemplate
from programs.services import PlanDraft, library_seed, plan_build
from programs.suggest import HIP_STRENGTH, WALK_RUN, WARM_UP

DEMO_EMAIL = "maya@demo.invalid"


class Command(BaseCommand):
    help = "Seed the exercise library and templates (and, with --demo, a demo plan)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Also a plan for a demo case.")

    def handle(self, *args, demo: bool, **options):
        created = library_seed()
        self.stdout.write(
            f"Exercise library: {created['exercises']} exercise(s) and {created['templates']} "
            "template(s) added."
        )
        if demo:
            self._demo_plan()

    def _demo_plan(self):
        case = Case.objects.filter(runner__email=DEMO_EMAIL).first()
        if case is None:
            return
        with transaction.atomic():
            plan = Plan.objects.filter(case=case).first()
            if plan is None:
                templates = ProgramTemplate.objects.filter(
                    name__in=[HIP_STRENGTH, WARM_UP, WALK_RUN]
                )
                plan = plan_build(
                    case=case,
                    draft=PlanDraft(
                        templates=list(templates),
                        start_date=timezone.localdate() - timedelta(days=3),
                    ),
                    issue=False,
                )
            token = link_issue(
                purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=plan_link_lifetime(plan)
            )
        url = settings.PORTAL_BASE_URL + reverse("programs:plan_open", args=[token])
        self.stdout.write(self.style.SUCCESS(f"Demo runner's plan: {url}"))
