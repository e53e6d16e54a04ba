"""Whether a URL points at the public internet: the guard on sources registered over the API.

A source's URL is fetched by the server, so a URL given by someone else must not reach what only the server
can: loopback, private networks, link-local addresses (where clouds keep their metadata service), or any
other address that is not globally routable. The host is resolved first and every address it resolves to
is checked, so a name pointing at 127.0.0.1 is caught like the number itself. The operator's setting
`allow_private_hosts` lifts the address checks (for a test rig or an intranet); the scheme and credential
checks always apply.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

Resolver = Callable[[str, int], list[str]]


class AddressError(ValueError):
    """A URL the server must not fetch; the message says why."""


def system_resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, as the operating system resolves it for a TCP connection."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def why_not_public(address: str) -> str | None:
    """Why an IP address is not a public one ("loopback", "private", "link-local", ...), or None if it is.
    Link-local includes 169.254.169.254, where clouds serve instance metadata and credentials."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is no part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for reason, applies in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("unspecified", ip.is_unspecified),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    ):
        if applies:
            return reason
    return None


def check_public_url(url: str, allow_private: bool, *, resolve: Resolver = system_resolve) -> None:
    """Raise AddressError unless `url` is http(s), carries no credentials and its host resolves only to
    public addresses (any address, with `allow_private`)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise AddressError(f"{url!r} is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise AddressError("a URL may not carry a user name or password")
    try:
        host, port = parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:  # a port that is not a number, or out of range
        raise AddressError(f"{url!r} has no valid port") from None
    if not host:
        raise AddressError(f"{url!r} names no host")
    if allow_private:
        return
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise AddressError(
            f"host {host} does not resolve ({exc}); cannot tell whether it is public"
        ) from None
    if not addresses:
        raise AddressError(f"host {host} resolves to no address")
    for address in addresses:
        reason = why_not_public(address)
        if reason is not None:
            shown = host if host == address else f"{host} ({address})"
            raise AddressError(
                f"{shown} is a {reason} address, not a public one; only public http(s) addresses may be "
                "registered (the operator's allow_private_hosts lifts this)"
            )
