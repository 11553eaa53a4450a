"""Root URLconf: the API, its schema and docs, the admin, accounts, and the pages.

Errors: the product's own pages, and JSON in the API's error shape under /api/
(playground.error_views)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from playground.accounts import SignupView

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from its own URL (?script=), so the
    # docs page runs under the same Content-Security-Policy as every page: no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include("playground.api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/signup/", SignupView.as_view(), name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Pages (team lead): the gallery, the editor, shared links, scenarios.
    path("", include("playground.pages_urls")),
]

handler400 = "playground.error_views.bad_request"
handler403 = "playground.error_views.permission_denied"
handler404 = "playground.error_views.page_not_found"
handler500 = "playground.error_views.server_error"
