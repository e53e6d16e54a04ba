"""Which addresses a harvest may ask: public ones only, unless the operator allows private hosts."""

from __future__ import annotations

import pytest

from aggregator.addresses import check_url, refusal
from aggregator.errors import FetchError


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("93.184.215.14", None),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", None),
        ("127.0.0.1", "a loopback address"),
        ("127.0.0.201", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.0.1", "a private address"),
        ("fc00::1", "a private address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("169.254.1.1", "a link-local address"),
        ("fe80::1%eth0", "a link-local address"),
        ("224.0.0.251", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("::ffff:127.0.0.1", "a loopback address"),
    ],
)
def test_only_public_addresses_pass(address: str, reason: str | None) -> None:
    assert refusal(address) == reason


def test_carrier_grade_nat_is_refused() -> None:
    # Python versions differ on calling 100.64.0.0/10 private; it is never global, so never fetched.
    assert refusal("100.64.0.1") in ("a private address", "a non-public address")


def test_every_address_a_name_resolves_to_is_checked() -> None:
    def resolver(host: str, port: int) -> list[str]:
        assert (host, port) == ("scp.example.org", 443)
        return ["93.184.215.14", "192.168.1.10"]

    with pytest.raises(FetchError, match=r"scp.example.org \(192.168.1.10\) is a private address"):
        check_url("https://scp.example.org/reviews", allow_private=False, resolver=resolver)


def test_allowing_private_hosts_resolves_nothing() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("resolved")

    check_url("http://localhost:8000/reviews", allow_private=True, resolver=resolver)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("javascript:alert(1)", "only http and https URLs are fetched, not javascript"),
        ("//example.org/x", "only http and https URLs are fetched, not -"),
        ("http:///x", "the URL names no host"),
        ("https://:pw@example.org/", "https://example.org/: refused: the URL carries credentials"),
    ],
)
def test_urls_refused_whatever_the_setting(url: str, says: str) -> None:
    with pytest.raises(FetchError, match=says):
        check_url(url, allow_private=True)
