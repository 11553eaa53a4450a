"""Page routes (playground/pages.py): gallery, editor, shared links, scenarios, watch-along
(with its short code and QR code), assignments and their class view (playground/class_pages.py)."""

from django.urls import path

from playground import class_pages, pages

urlpatterns = [
    path("", pages.home, name="home"),
    # Browsers ask for /favicon.ico of pages with no <link rel="icon"> (the API's JSON, a file).
    path("favicon.ico", pages.favicon, name="favicon"),
    path("play/<uuid:design_id>/", pages.play, name="play"),
    path("s/<str:token>/", pages.shared, name="shared"),
    path("scenarios/<slug:slug>/", pages.scenario, name="scenario"),
    path("live/<str:token>/", pages.watch, name="watch"),
    path("live/<str:token>/qr.svg", pages.watch_qr, name="watch-qr"),
    path("w/<str:code>/", pages.watch_code, name="watch-code"),
    path("a/", pages.assignment_enter, name="assignment-enter"),
    path("a/<str:code>/", pages.assignment, name="assignment"),
    path("a/<str:code>/class/", class_pages.class_view, name="class-view"),
    path(
        "a/<str:code>/submissions/<uuid:submission_id>/",
        class_pages.class_submission,
        name="class-submission",
    ),
]
