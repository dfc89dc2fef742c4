"""The revocation sources public verification may ask: the origins (scheme, host and port)
listed in SIGNING_REVOCATION_SOURCES, e.g. the national root CA's and the licensed CAs' CRL
and OCSP servers.

Origins, not URL prefixes: a certificate names any path it likes, and a path compared as
text can be bent (dot segments, encoded slashes) where a host cannot. Addresses are read
with yarl, the parser aiohttp requests them with, so that what is checked here is what would
be asked: `http://crl.ca.gov.vn@10.0.0.1/` is host 10.0.0.1, `http://2130706433/` is not
127.0.0.1's name but no listed host either, and credentials in an address are refused.
No Django here: settings read it to refuse a malformed entry at start.
"""

from yarl import URL

SCHEMES = frozenset({"http", "https"})

Origin = tuple[str, str, int]


def origin(url: URL) -> Origin | None:
    """(scheme, host, port) of an address that could be asked, or None: another scheme
    (file:, ldap:, ftp:), no host, or a user name or password in it."""
    if url.scheme not in SCHEMES or not url.raw_host or url.user is not None or url.password is not None:
        return None
    return url.scheme, url.raw_host, url.port


def parse(entries: list[str]) -> frozenset[Origin]:
    """The origins of SIGNING_REVOCATION_SOURCES; ValueError, naming the entry, for anything
    that is not exactly an origin."""
    origins = set()
    for entry in entries:
        try:
            url = URL(entry)
        except ValueError as error:
            raise ValueError(f"{entry!r} is not an address: {error}") from error
        key = origin(url)
        if key is None or url.raw_path not in ("", "/") or url.raw_query_string or url.raw_fragment:
            raise ValueError(f"{entry!r} is not an origin: write scheme://host[:port] only, e.g. http://crl.ca.gov.vn")
        origins.add(key)
    return frozenset(origins)


def allows(origins: frozenset[Origin], address: str | URL) -> bool:
    try:
        url = address if isinstance(address, URL) else URL(address)
    except ValueError:
        return False
    key = origin(url)
    return key is not None and key in origins
