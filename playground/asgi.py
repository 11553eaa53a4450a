"""ASGI entry point: HTTP through Django, websockets through Channels.

`get_asgi_application()` must run before anything imports models (FIELD-NOTES.md:
AppRegistryNotReady). Websockets are wrapped in the Origin check (the only guard against
cross-site websocket hijacking: CSRF does not run on websockets) and session authentication.
"""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings.dev")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from playground.chunked import ChunkedBodies  # noqa: E402
from playground.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter({
    "http": ChunkedBodies(django_asgi_app),  # a chunked body with its length declared (playground/chunked.py)
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
})
