"""Serves the files of STORAGES["default"] when it is the filesystem (var/media/): the
exercise library's photos and videos, public clinic content.

Under `make run` and `make serve` (and each web container, which share var/ as a volume)
the portal serves them itself; with a django-storages backend the files' URLs point at the
bucket and this view is not routed. It answers byte ranges (HTTP 206), which Safari needs
before it plays a video, and lets browsers keep a file for good: every upload gets a new
name (programs/media.py), so an address never changes content.
"""

import mimetypes
import re

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

YEAR = 365 * 24 * 3600
CHUNK = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def served_here() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def _headers(response: HttpResponseBase, content_type: str) -> HttpResponseBase:
    response["Content-Type"] = content_type
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    # A file is only ever a picture or a clip: even a crafted one runs nothing here.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _chunks(handle, start: int, length: int):
    with handle:
        handle.seek(start)
        while length > 0:
            block = handle.read(min(CHUNK, length))
            if not block:
                return
            length -= len(block)
            yield block


@require_safe
def serve(request, path: str):
    try:
        full = safe_join(str(settings.MEDIA_ROOT), path)
        handle = open(full, "rb")  # noqa: SIM115 - the response closes it
    except (SuspiciousFileOperation, ValueError, OSError):  # outside MEDIA_ROOT, or absent
        raise Http404("No such file") from None
    size = handle.seek(0, 2)
    handle.seek(0)
    content_type = mimetypes.guess_type(full)[0] or "application/octet-stream"
    match = RANGE.match(request.headers.get("Range", ""))
    if not match or match.groups() == ("", ""):
        return _headers(FileResponse(handle), content_type)
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last or size - 1), size - 1)
    else:  # "bytes=-500": the last 500 bytes
        start, end = max(size - int(last), 0), size - 1
    if start > end or start >= size:
        handle.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    response = StreamingHttpResponse(_chunks(handle, start, end - start + 1), status=206)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    return _headers(response, content_type)
