"""The address guard of URL fetching: only public http(s) hosts, whatever the spelling.

IP literals are read the way ``inet_aton`` reads them ("2130706433", "0177.0.0.1", "0x7f.1"),
IPv6 forms that embed an IPv4 address (mapped, 6to4, Teredo, NAT64) are unwrapped, and names
are resolved so that every address they point to is checked.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from urllib.parse import unquote

from unspin.errors import BlockedAddressError, FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], list[str]]

_IPV4_PART = re.compile(r"^(?:0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$", re.IGNORECASE)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
ALLOWED_SCHEMES = ("http", "https")


def parse_ip_literal(host: str) -> IPAddress | None:
    """Read ``host`` as an IP address in any spelling a resolver accepts, else ``None``.

    Example:
        >>> str(parse_ip_literal("0177.0.0.1")), str(parse_ip_literal("2130706433"))
        ('127.0.0.1', '127.0.0.1')
    """
    host = unquote(host).strip().strip("[]")
    if host.endswith("."):
        host = host[:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            return None
    return _parse_loose_ipv4(host)


def blocked_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` may not be fetched (loopback, private…), or ``None`` for a public address."""
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        return blocked_reason(embedded)
    for reason, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not globally routable", not ip.is_global),
    ):
        if flag:
            return reason
    return None


def check_host(host: str, resolver: Resolver | None) -> list[IPAddress]:
    """Check ``host`` (an IP literal or a name) and return the public addresses to use.

    Raises:
        BlockedAddressError: the host is, or resolves to, a non-public address.
        FetchError: the name does not resolve.
    """
    literal = parse_ip_literal(host)
    if literal is not None:
        _refuse_if_blocked(host, literal)
        return [literal]
    name = host.rstrip(".").lower()
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        raise BlockedAddressError(
            f"[E502] Refusing to fetch from {host!r}: it names this machine (loopback). "
            f"Pass --allow-private to fetch from local or private addresses."
        )
    addresses = [ip for ip in map(parse_ip_literal, (resolver or resolve)(name)) if ip]
    if not addresses:
        raise FetchError(
            f"[E503] Could not resolve the host {host!r}. Check the URL and your connection."
        )
    for ip in addresses:
        _refuse_if_blocked(host, ip)
    return addresses


def resolve(host: str) -> list[str]:
    """All addresses ``host`` resolves to, via the system resolver."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _refuse_if_blocked(host: str, ip: IPAddress) -> None:
    reason = blocked_reason(ip)
    if reason is not None:
        raise BlockedAddressError(
            f"[E502] Refusing to fetch from {host!r}: it points to {ip}, a {reason} address. "
            f"Pass --allow-private to fetch from local or private addresses."
        )


def _parse_loose_ipv4(host: str) -> ipaddress.IPv4Address | None:
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.match(p) for p in parts):
        return None
    values = [_part_value(p) for p in parts]
    *head, last = values
    if any(v > 0xFF for v in head) or last >= 1 << (8 * (5 - len(values))):
        return None
    number = last
    for index, value in enumerate(head):
        number |= value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _part_value(part: str) -> int:
    lowered = part.lower()
    if lowered.startswith("0x"):
        return int(lowered[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)
    return int(part)


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None
