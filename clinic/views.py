from django.shortcuts import render


def page_not_found(request, exception=None):
    """The portal's own 404 page. Also the last URL pattern, so that with DEBUG on (make
    run) an unknown address still shows this page, never Django's technical one."""
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A plain-words page instead of Django's CSRF 403; the reason goes to no page."""
    return render(request, "403_csrf.html", status=403)
