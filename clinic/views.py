from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A plain-words page instead of Django's CSRF 403; the reason goes to no page."""
    return render(request, "403_csrf.html", status=403)
