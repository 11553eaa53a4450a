"""Page routes (playground/pages.py): gallery, editor, shared links, scenarios, watch-along,
assignments."""

from django.urls import path

from playground import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("play/<uuid:design_id>/", pages.play, name="play"),
    path("s/<str:token>/", pages.shared, name="shared"),
    path("scenarios/<slug:slug>/", pages.scenario, name="scenario"),
    path("live/<str:token>/", pages.watch, name="watch"),
    path("a/", pages.assignment_enter, name="assignment-enter"),
    path("a/<str:code>/", pages.assignment, name="assignment"),
]
