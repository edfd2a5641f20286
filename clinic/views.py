from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception=None):
    """The portal's own 404 page. Also the last URL pattern, so that with DEBUG on (make
    run) an unknown address still shows this page, never Django's technical one."""
    return render(request, "404.html", status=404)


def server_error(request=None):
    """Rendered without the request's context: nothing it shows may need the database
    (the error may be the database)."""
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """A plain-words page instead of Django's CSRF 403; the reason goes to no page."""
    return render(request, "403_csrf.html", status=403)
