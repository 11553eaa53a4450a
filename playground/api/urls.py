"""Routes under /api/. Ids are matched as plain strings so a malformed id is a JSON 404 from the
selector, not Django's HTML 404 page; any other path under /api/ ends at the catch-all, a JSON 404
for every method whatever DEBUG says."""

from django.urls import path, re_path

from playground.api import assignment_views as av
from playground.api import class_views, live_views, scenario_views, share_views, views
from playground.error_views import api_not_found

urlpatterns = [
    path("csrf/", views.CsrfView.as_view(), name="api-csrf"),
    path("components/", views.ComponentsView.as_view(), name="api-components"),
    path("designs/", views.DesignListView.as_view(), name="api-designs"),
    path("designs/validate/", views.DesignValidateView.as_view(), name="api-designs-validate"),
    path("designs/<str:id>/", views.DesignDetailView.as_view(), name="api-design"),
    path(
        "designs/<str:id>/duplicate/",
        views.DesignDuplicateView.as_view(),
        name="api-design-duplicate",
    ),
    path("designs/<str:id>/share/", share_views.ShareCreateView.as_view(), name="api-design-share"),
    path("designs/<str:id>/runs/", views.DesignRunsView.as_view(), name="api-design-runs"),
    path("designs/<str:id>/shares/", share_views.ShareListView.as_view(), name="api-design-shares"),
    path("shared/<str:token>/", share_views.SharedDesignView.as_view(), name="api-shared"),
    path(
        "shared/<str:token>/revoke/",
        share_views.ShareRevokeView.as_view(),
        name="api-shared-revoke",
    ),
    path("shared/<str:token>/fork/", share_views.SharedForkView.as_view(), name="api-shared-fork"),
    path("runs/<str:id>/", views.RunDetailView.as_view(), name="api-run"),
    path("live/<str:token>/", live_views.WatchInfoView.as_view(), name="api-live"),
    path("live/<str:token>/fork/", live_views.WatchForkView.as_view(), name="api-live-fork"),
    path("live/<str:token>/revoke/", live_views.WatchRevokeView.as_view(), name="api-live-revoke"),
    path("progress/", views.ProgressView.as_view(), name="api-progress"),
    path("me/", scenario_views.MeView.as_view(), name="api-me"),
    path("scenarios/", scenario_views.ScenarioListView.as_view(), name="api-scenarios"),
    path("scenarios/<str:slug>/", scenario_views.ScenarioDetailView.as_view(), name="api-scenario"),
    path("assignments/", av.AssignmentCreateView.as_view(), name="api-assignments"),
    path("assignments/<str:code>/", av.AssignmentDetailView.as_view(), name="api-assignment"),
    path(
        "assignments/<str:code>/join/",
        av.AssignmentJoinView.as_view(),
        name="api-assignment-join",
    ),
    path(
        "assignments/<str:code>/submissions/",
        av.AssignmentSubmitView.as_view(),
        name="api-assignment-submissions",
    ),
    path(
        "assignments/<str:code>/close/",
        av.AssignmentCloseView.as_view(),
        name="api-assignment-close",
    ),
    path(
        "assignments/<str:code>/reopen/",
        av.AssignmentReopenView.as_view(),
        name="api-assignment-reopen",
    ),
    path(
        "assignments/<str:code>/results/",
        class_views.ResultsView.as_view(),
        name="api-assignment-results",
    ),
    path(
        "assignments/<str:code>/results.csv",
        class_views.ResultsCsvView.as_view(),
        name="api-assignment-results-csv",
    ),
    path(
        "assignments/<str:code>/submissions/<str:id>/",
        class_views.SubmissionView.as_view(),
        name="api-assignment-submission",
    ),
    path(
        "assignments/<str:code>/submissions/<str:id>/fork/",
        class_views.SubmissionForkView.as_view(),
        name="api-assignment-submission-fork",
    ),
    re_path(r"", api_not_found, name="api-not-found"),  # last: matches whatever is left
]
