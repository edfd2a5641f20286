from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs"

    def ready(self):
        from programs import admin_case, emails, privacy

        emails.register()
        admin_case.register()
        privacy.register()
