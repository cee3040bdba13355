"""The reader's IP address behind zero, one or two trusted proxies."""

from django.test import RequestFactory, override_settings

from polosa.core.http import client_ip


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(POLOSA_TRUSTED_PROXIES=0)
def test_without_proxies_the_forwarded_header_is_ignored_as_forgeable():
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(POLOSA_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_rightmost_forwarded_address_is_the_reader():
    forged_then_real = "10.9.9.9, 198.51.100.23"
    assert client_ip(request_from("127.0.0.1", forged_then_real)) == "198.51.100.23"


@override_settings(POLOSA_TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_second_address_from_the_right_is_the_reader():
    header = "10.9.9.9, 198.51.100.23, 10.0.0.2"
    assert client_ip(request_from("127.0.0.1", header)) == "198.51.100.23"


@override_settings(POLOSA_TRUSTED_PROXIES=1)
def test_behind_a_proxy_without_the_header_the_peer_address_is_used():
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"
