"""Which address a per-address limit counts: the socket's peer, unless proxies are trusted."""

from types import SimpleNamespace

from django.test import override_settings

from playground import client_address


def _request(peer: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return SimpleNamespace(META=meta)


def test_without_trusted_proxies_a_forged_forwarded_header_changes_nothing():
    assert client_address.from_request(_request("10.0.0.5", "1.2.3.4")) == "10.0.0.5"
    scope = {"client": ("10.0.0.5", 5555), "headers": [(b"x-forwarded-for", b"1.2.3.4")]}
    assert client_address.from_scope(scope) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claimed():
    # The client sent "6.6.6.6" itself; the proxy appended the real peer it saw.
    assert (
        client_address.from_request(_request("10.0.0.1", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    )
    scope = {"client": ("10.0.0.1", 1), "headers": [(b"x-forwarded-for", b"6.6.6.6, 203.0.113.7")]}
    assert client_address.from_scope(scope) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_fewer_hops_than_trusted_proxies_falls_back_to_the_peer():
    assert client_address.from_request(_request("10.0.0.1", "203.0.113.7")) == "10.0.0.1"


def test_no_peer_at_all_is_one_unknown_address():
    assert client_address.from_scope({"client": None, "headers": []}) == "unknown"
