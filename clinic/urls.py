from django.contrib import admin
from django.urls import include, path, re_path

from clinic import media, views

admin.site.site_header = "Runner intake portal"
admin.site.site_title = "Runner intake portal"
admin.site.index_title = "Clinic administration"
# The case queue needs the full width for its columns on a laptop screen.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("clinic.site")),
    path("", include("intake.urls")),
    path("", include("programs.urls")),
    path("", include("content.urls")),
    # The exercise library's photos and videos, when they are files under MEDIA_ROOT.
    *([path("media/<path:path>", media.serve, name="media")] if media.served_here() else []),
    # Last: whatever matched nothing above gets the portal's 404 page, DEBUG or not.
    re_path(r"", views.page_not_found),
]

handler404 = "clinic.views.page_not_found"
handler500 = "clinic.views.server_error"
# A request Django refuses before any view (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too
# many fields, a disallowed admin lookup) gets the portal's page, not "Bad Request (400)".
handler400 = "clinic.views.bad_request"
