from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core.views import spa_index

api_v1 = [
    path("", include("apps.core.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.audit.urls")),
    path("", include("apps.scheduling.urls")),
    path("", include("apps.notifications.urls")),
    path("", include("apps.records.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the docs need no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    # Every other path that is not an API, static or admin path belongs to the SPA's router.
    re_path(r"^(?!api/|static/|assets/)(?P<path>.*)$", spa_index, name="spa"),
]

handler404 = "apps.core.views.not_found"
handler500 = "apps.core.views.server_error"
