from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self):
        from clinic import roles

        roles.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that asks staff for a TOTP code after the password."""

    default = False  # clinic's own config stays the app's default
    default_site = "clinic.admin_site.PortalAdminSite"
