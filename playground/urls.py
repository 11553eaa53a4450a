"""Root URLconf: the API, its schema and docs, the admin, accounts, and the pages."""
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from playground.accounts import SignupView

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include("playground.api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/signup/", SignupView.as_view(), name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Pages (team lead): the gallery, the editor, shared links, scenarios.
    path("", include("playground.pages_urls")),
]


def handler404(request, exception=None):  # noqa: ANN001, ANN201 (Django's handler signature)
    """JSON in the API's error shape under /api/; Django's page elsewhere."""
    if request.path.startswith("/api/"):
        from playground.api.errors import not_found_json

        return not_found_json(request, exception)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
