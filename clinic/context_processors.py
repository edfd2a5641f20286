from clinic.models import ClinicProfile


def clinic_profile(request):
    clinic = getattr(request, "clinic", None)
    return {"clinic": clinic if clinic is not None else ClinicProfile.load()}
