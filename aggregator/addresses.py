"""Which URLs a harvest may ask for, and a registration may give: http(s) only, no credentials, public
addresses only.

A partnership's page, or any redirect from it, could lead to the machine cspr runs on or its network: an
admin page on loopback, a router, a cloud metadata service (169.254.169.254, fd00:ec2::254). Every hop's host
is resolved and refused if any address it resolves to is not globally routable, unless the operator's
`allow_private_hosts` setting allows it (the demo and the tests serve pages on 127.0.0.1).

The request is then sent to the address that was checked (`pinned`), with the name in its Host header and
TLS SNI, so a name whose answer changes between the check and the connection (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

import httpx

from aggregator.errors import FetchError

Resolver = Callable[[str, int], Sequence[str]]  # host, port -> the addresses it resolves to
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (getaddrinfo), for TCP, of the families this machine has."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_ADDRCONFIG)
    return [str(info[4][0]) for info in infos]


def refusal(address: str) -> str | None:
    """Why `address` may not be fetched from, or None if it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 address may carry a zone: fe80::1%eth0
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, found in (
        ("a cloud metadata", ip in METADATA),
        ("a loopback", ip.is_loopback),
        ("a link-local", ip.is_link_local),
        ("a multicast", ip.is_multicast),
        ("an unspecified", ip.is_unspecified),
        ("a reserved", ip.is_reserved),
        ("a private", ip.is_private),
        ("a non-public", not ip.is_global),  # shared (100.64/10), documentation, benchmarking, ...
    ):
        if found:
            return f"{kind} address"
    return None


def check_url(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> str | None:
    """A FetchError unless `url` is http(s), carries no credentials and (unless `allow_private`) its host
    resolves to public addresses only. Gives the address checked, to connect to, when a name was resolved."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError as exc:
        raise FetchError(f"{url}: refused: not a URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: refused: only http and https URLs are fetched, not {parts.scheme or '-'}")
    if parts.username is not None or parts.password is not None:
        raise FetchError(f"{_without_credentials(url)}: refused: the URL carries credentials")
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: refused: the URL names no host")
    if allow_private:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = [host] if _is_address(host) else resolver(host, port)
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"{url}: cannot resolve {host}: {exc}") from exc
    for address in addresses:
        reason = refusal(address)
        if reason is not None:
            shown = host if address == host else f"{host} ({address})"
            raise FetchError(
                f"{url}: refused: {shown} is {reason}; set allow_private_hosts to fetch from such hosts"
            )
    if not addresses:
        raise FetchError(f"{url}: cannot resolve {host}: no address")
    return None if addresses == [host] else addresses[0]


def pinned(url: str, address: str | None) -> tuple[str, dict[str, str], dict[str, str]]:
    """`url` sent to `address` rather than resolved again: the URL to request, its Host header and its
    extensions (the TLS server name, for SNI and certificate checks)."""
    if address is None:
        return url, {}, {}
    named = httpx.URL(url)
    ip = named.copy_with(host=address)  # httpx brackets an IPv6 address itself
    server = named.raw_host.decode("ascii")
    return str(ip), {"Host": named.netloc.decode("ascii")}, {"sni_hostname": server}


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return parts._replace(netloc=netloc).geturl()


class AddressError(ValueError):
    """A URL the server must not fetch, given over the API; the message says why."""


def check_public_url(url: str, allow_private: bool, *, resolve: Resolver = resolve) -> None:
    """The same check as a harvest's (`check_url`), for a source registered over the API: AddressError
    unless `url` is http(s), carries no credentials and its host resolves only to public addresses."""
    try:
        check_url(url, allow_private=allow_private, resolver=resolve)
    except FetchError as exc:
        raise AddressError(str(exc)) from None
