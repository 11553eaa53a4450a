"""ASGI entry point: HTTP through Django, websockets through Channels.

`get_asgi_application()` must run before anything imports models (FIELD-NOTES.md:
AppRegistryNotReady). Websockets are wrapped in the strict Origin check (`live.origin`: scheme,
host and port, as Django checks CSRF origins; the only guard against cross-site websocket
hijacking, since CSRF does not run on websockets) and session authentication.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings.dev")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from playground.chunked import ChunkedBodies  # noqa: E402
from playground.live.origin import StrictOriginValidator  # noqa: E402
from playground.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # a chunked body with its length declared (playground/chunked.py)
        "http": ChunkedBodies(django_asgi_app),
        "websocket": StrictOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
