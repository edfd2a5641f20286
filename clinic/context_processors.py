from clinic.models import ClinicProfile


def clinic_profile(request):
    return {"clinic": ClinicProfile.load()}
