"""sitemap.xml: the public pages only (every other page is a runner's own, and noindex)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from content.models import Page


class PortalSitemap(Sitemap):
    """Addresses on PORTAL_BASE_URL, the one the e-mails and canonical links use, whatever
    Host the request came with."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.PORTAL_BASE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.PORTAL_BASE_URL).netloc


class FrontDoorSitemap(PortalSitemap):
    def items(self):
        return ["intake:home", "content:index", "intake:book_start"]

    def location(self, item):
        return reverse(item)


class GuideSitemap(PortalSitemap):
    def items(self):
        return Page.objects.published()

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"front": FrontDoorSitemap, "guide": GuideSitemap}
