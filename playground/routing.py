"""Websocket routes (asgi.py wraps them in the Origin check and session authentication).

`/ws/simulate/` plays a learner's run; `/ws/watch/<token>/` follows one read-only (the page at
`/live/<token>/`). Importing this module starts the live runs' fork server, with the engine
preloaded, so the first run does not pay for it.
"""
from django.urls import re_path

from playground.live import consumers, runner

runner.context()

websocket_urlpatterns = [
    re_path(r"^ws/simulate/$", consumers.SimulateConsumer.as_asgi()),
    re_path(r"^ws/watch/(?P<token>[\w.-]{1,200})/$", consumers.WatchConsumer.as_asgi()),
]
