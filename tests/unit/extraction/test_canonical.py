"""Canonical URLs: one form per article, idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.extraction.canonical import SourceHosts, canonicalize, host_key

HOSTS = SourceHosts.from_urls("https://www.example.com/", "https://example.es/")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/Politica/Story?b=2&a=1#top",
            "https://www.example.com/Politica/Story?b=2&a=1",
        ),
        ("http://m.example.com/a/b?utm_source=x&id=3&fbclid=z", "https://www.example.com/a/b?id=3"),
        (
            "https://amp.example.com/a?ref=home&gclid=1&mc_cid=2&mc_eid=3",
            "https://www.example.com/a",
        ),
        ("https://example.com", "https://www.example.com/"),
        ("https://www.example.es/x", "https://example.es/x"),
        ("https://deportes.example.com/x", "https://deportes.example.com/x"),
        ("http://other.org:80/x?utm_medium=y", "http://other.org/x"),
        ("http://other.org:8080/x", "http://other.org:8080/x"),
        (
            "https://www.example.com/caf\u00e9 ol\u00e9",
            "https://www.example.com/caf%C3%A9%20ol%C3%A9",
        ),
        ("mailto:someone@example.com", None),
        ("javascript:void(0)", None),
        ("ftp://example.com/file", None),
        ("", None),
    ],
)
def test_canonical_form(url: str, expected: str | None) -> None:
    assert canonicalize(url, HOSTS) == expected


def test_own_only_drops_other_domains() -> None:
    assert canonicalize("https://twitter.com/x", HOSTS, own_only=True) is None
    assert (
        canonicalize("https://m.example.com/x", HOSTS, own_only=True) == "https://www.example.com/x"
    )


def test_the_first_url_sets_the_scheme_and_variants_map_to_the_main_form() -> None:
    hosts = SourceHosts.from_urls("http://diario.test/")
    assert canonicalize("https://www.diario.test/a", hosts) == "http://diario.test/a"
    assert host_key("www.m.amp.diario.test") == "diario.test"


@settings(max_examples=400, deadline=None)
@given(
    scheme=st.sampled_from(["http://", "https://", "HTTP://", ""]),
    host=st.sampled_from(
        ["www.example.com", "m.example.com", "Example.COM:443", "amp.example.es", "x.org:8080", ""]
    ),
    rest=st.text(),
    hosts=st.sampled_from([None, HOSTS]),
)
def test_canonicalize_is_idempotent(
    scheme: str, host: str, rest: str, hosts: SourceHosts | None
) -> None:
    once = canonicalize(scheme + host + rest, hosts)
    if once is not None:
        assert canonicalize(once, hosts) == once
