"""Websocket routes (asgi.py wraps them in the Origin check and session authentication).

`/ws/simulate/` plays a learner's run; `/ws/watch/<token>/` follows one read-only (the page at
`/live/<token>/`); `/ws/class/<code>/` is an instructor's live class view (`live.classroom`).
Importing this module starts the live runs' fork server, with the engine
preloaded, so the first run does not pay for it, and freezes the loaded app out of the
garbage collector's way.
"""

import gc

from django.urls import re_path

from playground.live import classroom, consumers, runner, watching

runner.context()

# Everything loaded so far (Django, the apps, the API: about 85,000 objects) lives as long as the
# process. Freezing it keeps the collector from walking it on every full collection: measured
# here, about 50 ms of CPU each (130 ms seen under load), a stall of every stream on the process.
gc.collect()
gc.freeze()

websocket_urlpatterns = [
    re_path(r"^ws/simulate/$", consumers.SimulateConsumer.as_asgi()),
    re_path(r"^ws/watch/(?P<token>[\w.-]{1,200})/$", watching.WatchConsumer.as_asgi()),
    re_path(r"^ws/class/(?P<code>[A-Za-z0-9]{1,12})/$", classroom.ClassConsumer.as_asgi()),
]
