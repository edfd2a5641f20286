"""Staff roles: three Django groups and what each may do, declared as data.

Migration clinic 0009 creates the groups; every later `migrate` grants what is declared here
(a post_migrate hook), so a new model needs one line below and nothing else. Grants are only
ever added: a permission taken away needs a migration that says so.

Clinical fields on the case page (answers, triage reasons, notes, plans) need the custom
permission `intake.view_clinical`, which the front desk does not have.
"""

from django.db.models.signals import post_migrate

FRONT_DESK = "Front desk"
THERAPIST = "Therapist"
CLINIC_ADMIN = "Clinic admin"

VIEW = ("view",)
EDIT = ("view", "change")
FULL = ("view", "add", "change", "delete")

# model label -> actions ("view", "add", "change", "delete") or custom permission codenames.
ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    FRONT_DESK: {
        # visits and availability
        "intake.visit": ("view", "add", "change"),
        "intake.visittype": VIEW,
        "clinic.therapist": EDIT,
        "clinic.workinghours": FULL,
        "clinic.timeoff": FULL,
        # runners' contact details and whom to call back; never the clinical fields
        "intake.runner": EDIT,
        "intake.case": EDIT,
        "intake.intakedraft": VIEW,
        "clinic.clinicprofile": VIEW,
        "clinic.outboundemail": VIEW,
        # The guide runners read, to answer their calls about it; writing it is the admin's.
        "content.page": VIEW,
    },
    THERAPIST: {
        "intake.case": (*EDIT, "view_clinical"),
        "intake.runner": VIEW,
        "intake.visit": EDIT,
        "intake.visittype": VIEW,
        "intake.intakedraft": VIEW,
        "clinic.therapist": VIEW,
        "clinic.workinghours": VIEW,
        "clinic.timeoff": VIEW,
        "clinic.clinicprofile": VIEW,
        "programs.plan": ("view", "add", "change"),
        "programs.planitem": EDIT,
        "programs.planphase": VIEW,
        "programs.planstage": EDIT,
        "programs.plansession": VIEW,
        "programs.sessionlog": VIEW,
        "programs.exercise": FULL,
        "programs.programtemplate": FULL,
        "programs.templatephase": FULL,
        "programs.templateitem": FULL,
        "programs.runstage": FULL,
        "programs.checkin": EDIT,
        "programs.decision": EDIT,
        # The Outcomes dashboard: the clinic's figures, aggregates only.
        "programs.outcomefact": ("view_outcomes",),
        "content.page": VIEW,
    },
    # Clinic admins get every permission there is: users, groups, settings, the audit trail.
    CLINIC_ADMIN: {},
}


def _codenames(model: str, actions: tuple[str, ...]) -> list[tuple[str, str]]:
    app_label, model_name = model.split(".")
    default = {"view", "add", "change", "delete"}
    return [
        (app_label, f"{action}_{model_name}" if action in default else action) for action in actions
    ]


def roles_sync(apps, using: str = "default") -> None:
    """Create the groups and grant what ROLES declares (works on migration states too)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are made after migrations by Django's own post_migrate hook; a fresh
    # database reaches this first, so make them now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permissions = permission_model.objects.using(using)
    for name, grants in ROLES.items():
        group, _ = group_model.objects.using(using).get_or_create(name=name)
        if name == CLINIC_ADMIN:
            group.permissions.add(*permissions.all())
            continue
        wanted = {pair for model, actions in grants.items() for pair in _codenames(model, actions)}
        found = [
            p
            for p in permissions.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
        group.permissions.add(*found)


def _on_migrate(sender, using, apps=None, **kwargs) -> None:
    # `flush` (between transactional tests) sends no migration state: use the live models.
    if apps is None:
        from django.apps import apps
    roles_sync(apps, using)


def connect() -> None:
    # Once per `migrate`, after every app's migrations: sent for the last app installed.
    from django.apps import apps

    last = list(apps.get_app_configs())[-1]
    post_migrate.connect(_on_migrate, sender=last, dispatch_uid="clinic.roles_sync")


def home_is_calendar(user) -> bool:
    """The front desk starts its day on the visits calendar, not the list of apps: staff who
    see visits but no clinical content (permissions are cached on the user: no query)."""
    return user.has_perm("intake.view_visit") and not user.has_perm("intake.view_clinical")
