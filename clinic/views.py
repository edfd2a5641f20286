from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
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


def form_refused(request, reason: str, status: int = 400):
    """The portal's page for a post it would not take (too big, a filled honeypot, a
    malformed request): nothing of it was saved, what was saved before is kept, and a link
    goes back to the page (its GET shows the saved answers)."""
    response = render(
        request, "form_refused.html", {"reason": reason, "back": request.path}, status=status
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def bad_request(request, exception=None):
    """handler400: Django's bare "Bad Request (400)" becomes the portal's page. A body over
    DATA_UPLOAD_MAX_MEMORY_SIZE is refused before any view runs, so no draft changes."""
    if isinstance(exception, RequestDataTooBig):
        return form_refused(request, "too_big", status=413)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return form_refused(request, "too_many", status=413)
    if isinstance(exception, DisallowedModelAdminLookup):
        return form_refused(request, "filter")
    return form_refused(request, "bad")
