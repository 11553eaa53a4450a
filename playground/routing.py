"""Websocket routes. The live-run consumer arrives with the live-runs work."""
websocket_urlpatterns: list = []
