from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from apps.accounts import urls as accounts_urls
from apps.audit import urls as audit_urls
from apps.clients import urls as clients_urls
from apps.core import urls as core_urls
from apps.core.pages import spa_index
from apps.fhir import urls as fhir_urls
from apps.notifications import urls as notifications_urls
from apps.records import urls as records_urls
from apps.scheduling import urls as scheduling_urls
from apps.webhooks import urls as webhooks_urls

# One flat list: Django tries an include's patterns by raising and catching a Resolver404 and
# copying its tried patterns, work that every request would repeat for each nested include.
# The apps name their routes without namespaces, so reversing is unchanged.
# Django tries the routes in order and copies every one tried before the match, so the busiest
# apps come first; no two routes are equal (core/tests/test_bench_urls.py), so the order decides
# nothing else.
api_v1 = [
    *scheduling_urls.urlpatterns,
    *records_urls.urlpatterns,
    *notifications_urls.urlpatterns,
    *accounts_urls.urlpatterns,
    *audit_urls.urlpatterns,
    *clients_urls.urlpatterns,
    *webhooks_urls.urlpatterns,
    *core_urls.urlpatterns,
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the docs need no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    *fhir_urls.urlpatterns,
    # Our template: drf-spectacular's loads web fonts from Google.
    path(
        "api/docs/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="core/redoc.html"),
        name="redoc",
    ),
    # Every other path that is not an API, static or admin path belongs to the SPA's router.
    re_path(r"^(?!api/|static/|assets/|fhir(?:/|$))(?P<path>.*)$", spa_index, name="spa"),
]

handler400 = "apps.core.pages.bad_request"
handler404 = "apps.core.pages.not_found"
handler500 = "apps.core.pages.server_error"
