"""Canonical form of a URL, so that each article is stored once however a page links to it.

The canonical form is an absolute http(s) URL with a lower-case host, no default port, no
user info, no fragment and no tracking parameters; the path is kept as the site writes it.
The `www.`/`m.`/`amp.` variants of a source's own hosts are mapped to the form the source
itself uses (its base URL, or the host its home page names in `<link rel=canonical>` /
`og:url`), with the source's scheme. `canonicalize` is idempotent: applying it to its own
output returns the same string (tested with hypothesis).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from w3lib.url import safe_url_string

# Query parameters that only say where a click came from. Matched against the whole key.
_TRACKING_KEY = re.compile(
    r"(?:utm_[a-z0-9_]*|mc_[a-z0-9_]*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid"
    r"|igshid|twclid|ttclid|li_fat_id|_ga|_gl|_hsenc|_hsmi|__hstc|__hssc|__hsfp|hsctatracking"
    r"|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid|rb_clickid|s_cid|s_kwcid|ncid|ocid"
    r"|cmpid|cmp|icid|int_source|int_medium|int_campaign|ito|sr_share|smid|smtyp|spm"
    r"|ref|ref_src|ref_url|referrer|source|share|shared|fb_source|fb_ref|fb_action_ids"
    r"|fb_action_types|action_object_map|action_type_map|action_ref_map|amp|outputtype|__twitter_impression)",
    re.IGNORECASE,
)
_UNSAFE = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")
_VARIANT_PREFIX = re.compile(r"^(?:(?:www\d?|m|mobile|amp)\.)+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=4096)  # a page links to a handful of hosts, thousands of times
def host_key(host: str) -> str:
    """Return `host` without its `www.`/`m.`/`amp.` prefixes (the key its variants share)."""
    stripped = _VARIANT_PREFIX.sub("", host)
    return stripped or host


@dataclass
class SourceHosts:
    """The hosts one source is served from; links to any of them are the source's own."""

    scheme: str = "https"
    # host key -> the host form the source uses (may carry a port)
    main: dict[str, str] = field(default_factory=dict)
    # (scheme, hostname, port) of a link as written -> its `_Origin` (None if invalid): a
    # page links to a few hosts thousands of times. `add` clears it.
    _origins: dict[tuple[str, str, str | None], _Origin | None] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def from_urls(cls, *urls: str | None) -> SourceHosts:
        hosts = cls()
        for url in urls:
            hosts.add(url)
        return hosts

    def add(self, url: str | None) -> None:
        """Add the host of `url` (the first URL added also sets the source's scheme)."""
        if not url:
            return
        try:
            parts = urlsplit(url.strip())
            hostname = parts.hostname
            port = parts.port
        except ValueError:
            return
        if parts.scheme not in _DEFAULT_PORTS or not hostname:
            return
        if not self.main:
            self.scheme = parts.scheme
        self._origins.clear()
        host = _netloc(hostname, port, parts.scheme)
        self.main.setdefault(host_key(hostname.rstrip(".")), host)

    def own(self, hostname: str) -> str | None:
        """Return the main form of `hostname` if it is one of the source's hosts, else None."""
        # Only the hosts issue 3 names: another subdomain (cincodias.elpais.com) is often
        # another outlet, which an editor adds as its own source.
        return self.main.get(host_key(hostname))

    def is_own(self, url: str) -> bool:
        try:
            hostname = urlsplit(url).hostname
        except ValueError:
            return False
        return hostname is not None and self.own(hostname) is not None


def _netloc(hostname: str, port: int | None, scheme: str) -> str:
    hostname = hostname.rstrip(".")
    if port is None or _DEFAULT_PORTS.get(scheme) == port:
        return hostname
    return f"{hostname}:{port}"


def _clean_query(query: str) -> str:
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        key = pair.partition("=")[0]
        if "%" in key:
            key = unquote(key)
        if _TRACKING_KEY.fullmatch(key):
            continue
        kept.append(pair)
    return "&".join(kept)


def _chars(excluded: str) -> str:
    """A regex class of the printable ASCII characters `_UNSAFE` allows, minus `excluded`."""
    allowed = (chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"<>\\^`{|}' + excluded)
    return "[" + "".join(re.escape(c) for c in allowed) + "]"


# A plain `http(s)://host[:port]/path?query#fragment` of printable ASCII without `_UNSAFE`
# characters (so urlsplit would strip and remove nothing) and without user info, IPv6
# brackets or `%` in the host, split as urlsplit splits it: the path runs to the first
# `?`/`#`, the query to the `#`.
_PLAIN_URL = re.compile(
    rf"(?i:(https?))://({_chars('/?#@[]%:')}*)(?::([0-9]*))?(?=[/?#]|$)"
    rf"({_chars('?#')}*)(?:\?({_chars('#')}*))?(?:#{_chars('')}*)?"
)


def _split_general(url: str) -> tuple[str, str, int | None, str, str] | None:
    """(scheme, hostname, port, path, query) of any `url` as urlsplit reads it; None if invalid."""
    try:
        if not url.isascii() or _UNSAFE.search(url):
            url = safe_url_string(url)  # percent-encode as browsers do; slow, so only if needed
        parts = urlsplit(url)
        hostname = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not hostname:
        return None
    return parts.scheme.lower(), hostname, port, parts.path, parts.query


_BAD_HOST_CHARS = frozenset(" %<>\\^`{|}@[]")
_UNSEEN: Any = object()  # an origin not looked up yet


def canonicalize(
    url: str, hosts: SourceHosts | None = None, *, own_only: bool = False
) -> str | None:
    """Return the canonical form of absolute `url`, or None when it is not an http(s) URL.

    With `own_only`, a link to a host that is not one of `hosts` also gives None.
    """
    parts = canonical_parts(url, hosts, own_only=own_only)
    return None if parts is None else parts[0]


def canonical_parts(
    url: str, hosts: SourceHosts | None = None, *, own_only: bool = False
) -> tuple[str, str, str, str] | None:
    """`canonicalize`'s result and its parts (URL, lower-case hostname, path, query).

    The rules read the parts (`rules.split_url` of the URL): they need not split it again.
    """
    match = _PLAIN_URL.fullmatch(url)
    if match is not None:
        # The common case, split by one regex; the origin is looked up by the host as written.
        scheme, hostname, port_text, path, query = match.groups()
        if hosts is None:
            origin = _plain_origin(scheme, hostname, port_text, None)
        else:
            key = (scheme, hostname, port_text)
            origin = hosts._origins.get(key, _UNSEEN)
            if origin is _UNSEEN:
                origin = hosts._origins[key] = _plain_origin(scheme, hostname, port_text, hosts)
    else:
        url = url.strip()
        if not url:
            return None
        split = _split_general(url)
        if split is None:
            return None
        scheme, hostname, port, path, query = split
        origin = _origin(scheme, hostname, port, hosts)
    if origin is None or (own_only and origin.foreign):
        return None
    path = path or "/"
    if query:
        query = _clean_query(query)
        if query:
            return f"{origin.prefix}{path}?{query}", origin.hostname, path, query
    return origin.prefix + path, origin.hostname, path, ""


class _Origin(NamedTuple):
    """A link's canonical `scheme://netloc`, its hostname, and whether it is another host's."""

    prefix: str
    hostname: str
    foreign: bool

    @classmethod
    def of(cls, scheme: str, netloc: str, *, foreign: bool) -> _Origin:
        # no user info or brackets in a canonical netloc; maybe a port
        return cls(f"{scheme}://{netloc}", netloc.partition(":")[0].lower(), foreign)


def _plain_origin(
    scheme: str, hostname: str, port_text: str | None, hosts: SourceHosts | None
) -> _Origin | None:
    """`_origin` of the parts `_PLAIN_URL` matched (as urlsplit, `.hostname`, `.port` give them)."""
    port = None
    if port_text:
        port = int(port_text)
        if port > 65535:
            return None  # urlsplit's `.port` raises
    return _origin(scheme.lower(), hostname.lower(), port, hosts)


def _origin(
    scheme: str, hostname: str, port: int | None, hosts: SourceHosts | None
) -> _Origin | None:
    """The canonical origin of a link's host, `foreign` if not one of `hosts`.

    None when it is no web URL at all (the link is dropped).
    """
    if scheme not in _DEFAULT_PORTS:
        return None
    hostname = hostname.rstrip(".")
    if not hostname or not _BAD_HOST_CHARS.isdisjoint(hostname):
        return None
    netloc = _netloc(hostname, port, scheme)
    if hosts is None:
        return _Origin.of(scheme, netloc, foreign=False)
    main = hosts.own(hostname)
    # A link to another port of the same host is another server, not a variant.
    if main is not None and (":" not in main or port is None or main == netloc):
        netloc = main if main != hostname else _netloc(hostname, port, hosts.scheme)
        return _Origin.of(hosts.scheme, netloc, foreign=False)
    return _Origin.of(scheme, netloc, foreign=True)
