"""Only public http(s) URLs pass: checked after resolving the host, every address it resolves to."""

from __future__ import annotations

import pytest

from aggregator.addresses import AddressError, check_public_url, why_not_public

NAMES = {
    "www.example-scp.org.uk": ["93.184.216.34"],
    "ipv6.example-scp.org.uk": ["2606:2800:220:1:248:1893:25c8:1946"],
    "localhost": ["127.0.0.1", "::1"],
    "intranet.example": ["10.1.2.3"],
    "metadata.google.internal": ["169.254.169.254"],
    "split.example": ["93.184.216.34", "192.168.1.10"],  # one public and one private address: refused
}


def resolve(host: str, port: int) -> list[str]:
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
def test_public_urls_pass(url: str) -> None:
    check_public_url(url, False, resolve=resolve)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("file:///etc/passwd", "not an http(s) URL"),
        ("ftp://www.example-scp.org.uk/x", "not an http(s) URL"),
        ("https://user:secret@www.example-scp.org.uk/", "user name or password"),
        ("https://user@www.example-scp.org.uk/", "user name or password"),
        ("http:///no-host", "names no host"),
        ("http://www.example-scp.org.uk:99999/", "no valid port"),
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://localhost:8000/", "localhost (127.0.0.1) is a loopback address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://10.0.0.8/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://intranet.example/", "intranet.example (10.1.2.3) is a private address"),
        ("http://[fd00::1]/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://metadata.google.internal/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "non-public"),
        ("http://split.example/", "192.168.1.10"),
        ("http://nowhere.invalid/", "does not resolve"),
    ],
)
def test_other_urls_are_refused_saying_why(url: str, says: str) -> None:
    with pytest.raises(AddressError, match=r"^.*" + says.replace("(", r"\(").replace(")", r"\)")):
        check_public_url(url, False, resolve=resolve)


def test_allow_private_lifts_the_address_checks_but_never_scheme_or_credentials() -> None:
    for url in ("http://127.0.0.1:8000/", "http://intranet.example/", "http://169.254.169.254/"):
        check_public_url(url, True, resolve=resolve)
    for url in ("file:///etc/passwd", "https://user:pw@127.0.0.1/"):
        with pytest.raises(AddressError):
            check_public_url(url, True, resolve=resolve)


def test_a_public_address_has_no_reason_against_it() -> None:
    assert why_not_public("93.184.216.34") is None
    assert why_not_public("fe80::1%eth0") == "link-local"
