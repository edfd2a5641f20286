from django.contrib import admin
from django.urls import include, path

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
]
