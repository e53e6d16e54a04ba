"""Which addresses a harvest may ask: public ones only, unless the operator allows private hosts."""

from __future__ import annotations

import pytest

from aggregator.addresses import AddressError, check_public_url, check_url, refusal
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


# Registration over the API: the same check, raising AddressError.

NAMES = {
    "www.example-scp.org.uk": ["93.184.216.34"],
    "ipv6.example-scp.org.uk": ["2606:2800:220:1:248:1893:25c8:1946"],
    "localhost": ["127.0.0.1", "::1"],
    "intranet.example": ["10.1.2.3"],
    "metadata.google.internal": ["169.254.169.254"],
    "split.example": ["93.184.216.34", "192.168.1.10"],  # one public and one private address: refused
}


def fake_resolve(host: str, port: int) -> list[str]:
    if host in NAMES:
        return NAMES[host]
    if host[0].isdigit() or ":" in host:
        return [host]
    raise OSError(f"[Errno -2] Name or service not known: {host}")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example-scp.org.uk/case-reviews",
        "HTTP://www.example-scp.org.uk:8080/feed/",
        "https://ipv6.example-scp.org.uk/",
        "http://93.184.216.34/reviews",
    ],
)
def test_registration_accepts_public_urls(url: str) -> None:
    check_public_url(url, False, resolve=fake_resolve)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
        ("ftp://www.example-scp.org.uk/x", "not ftp"),
        ("https://user:secret@www.example-scp.org.uk/", "carries credentials"),
        ("https://user@www.example-scp.org.uk/", "carries credentials"),
        ("http:///no-host", "names no host"),
        ("http://www.example-scp.org.uk:99999/", "not a URL"),
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://localhost:8000/", "localhost (127.0.0.1) is a loopback address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://10.0.0.8/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://intranet.example/", "intranet.example (10.1.2.3) is a private address"),
        ("http://[fd00::1]/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://metadata.google.internal/", "cloud metadata"),
        ("http://[fe80::1]/", "link-local"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "non-public"),
        ("http://split.example/", "192.168.1.10"),
        ("http://nowhere.invalid/", "cannot resolve nowhere.invalid"),
    ],
)
def test_registration_refuses_other_urls_saying_why(url: str, says: str) -> None:
    with pytest.raises(AddressError, match=r"^.*" + says.replace("(", r"\(").replace(")", r"\)")):
        check_public_url(url, False, resolve=fake_resolve)


def test_allow_private_lifts_the_address_checks_but_never_scheme_or_credentials() -> None:
    for url in ("http://127.0.0.1:8000/", "http://intranet.example/", "http://169.254.169.254/"):
        check_public_url(url, True, resolve=fake_resolve)
    for url in ("file:///etc/passwd", "https://user:pw@127.0.0.1/"):
        with pytest.raises(AddressError):
            check_public_url(url, True, resolve=fake_resolve)
