"""Links of one HTML page, read with selectolax (Lexbor): fast enough to parse every page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Anchors in these containers are site chrome: menus, banners, footers, side boxes ...
_CHROME_TAGS = frozenset(("nav", "header", "footer", "aside"))
_CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary"))
# (found by tag or by any `role`, filtered in Python: one cheap selector instead of an
# attribute-value test per role on every element)
_CHROME_CANDIDATES = "nav, header, footer, aside, [role]"
# ... unless they sit in an article card (which often has its own header/footer).
_CARDS = "article, [role=article]"
_META_SELECTOR = 'base[href], title, link[rel][href], meta[property="og:url"][content]'
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_SPACES = re.compile(r"\s+")
# A relative href urljoin only appends to the base's folder: starts with a letter or digit,
# no scheme (`:`), params (`;`) or empty segment, no empty query or fragment (which urljoin
# drops). Dot segments, backslashes and whitespace were ruled out before.
_PLAIN_RELATIVE = re.compile(r"[A-Za-z0-9](?:(?!//)[^:;?#])*(?:\?[^:;?#][^:;#]*)?(?:#[^:;]+)?")
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "whatsapp:")
_MAX_TEXT = 300


# One `<a href>` as the page wrote it: (absolute URL, anchor text, whether it sits in site
# chrome). A plain tuple: a page has hundreds, and a tuple is the cheapest record to build
# and unpack (`for url, text, chrome in page.links`).
RawLink = tuple[str, str, bool]


@dataclass
class PageInfo:
    url: str
    links: list[RawLink] = field(default_factory=list)
    title: str | None = None
    canonical: str | None = None
    og_url: str | None = None
    feeds: list[str] = field(default_factory=list)


def _clean(text: str | None) -> str:
    if not text:
        return ""
    # Every `\s` but the ASCII space is unprintable: a printable text without a double space
    # has nothing for the regex to fold (the common case, and much cheaper to check).
    if text.isprintable() and "  " not in text:
        return text.strip()[:_MAX_TEXT]
    return _SPACES.sub(" ", text).strip()[:_MAX_TEXT]


def _fallback_text(node: object) -> str:
    """An anchor without text: its `title`/`aria-label`, else its image's `alt`."""
    attrs = node.attributes  # type: ignore[attr-defined]
    for name in ("title", "aria-label"):
        value = _clean(attrs.get(name))
        if value:
            return value
    # the first `img[alt]` inside, found by walking the (small) subtree: cheaper than css_first
    for child in node.traverse(include_text=False):  # type: ignore[attr-defined]
        if child.tag == "img":
            alt = child.attributes
            if "alt" in alt:
                return _clean(alt["alt"])
    return ""


def _anchor_ids(container: LexborNode) -> list[int]:
    """The `mem_id`s of the `a[href]` inside `container` (not the container itself)."""
    nodes = container.css("a[href]")  # a node's `css` also matches the node itself
    if container.tag == "a":
        own = container.mem_id
        return [node.mem_id for node in nodes if node.mem_id != own]
    return [node.mem_id for node in nodes]


def _is_card(node: LexborNode) -> bool:
    return node.tag == "article" or node.attrs.get("role") == "article"


def _in_card(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.is_element_node:
        if _is_card(parent):
            return True
        parent = parent.parent
    return False


def _chrome_anchors(tree: LexborHTMLParser) -> set[int]:
    """The `mem_id`s of the chrome `a[href]`: in a chrome container and in no card."""
    # Chrome containers are few (a dozen a page) and cards many: start from the chrome ones,
    # skip those inside a card and leave out the anchors of the cards inside them. Cheaper
    # than collecting every card's anchors, or than descendant selectors (`nav a[href]`),
    # which test every anchor's ancestors once per selector.
    chrome: set[int] = set()
    for container in tree.css(_CHROME_CANDIDATES):
        if container.tag not in _CHROME_TAGS and container.attrs.get("role") not in _CHROME_ROLES:
            continue
        if _is_card(container) or _in_card(container):
            continue
        found = _anchor_ids(container)
        if found:
            cards = container.css(_CARDS)
            if cards:
                inside = {mem_id for card in cards for mem_id in _anchor_ids(card)}
                found = [mem_id for mem_id in found if mem_id not in inside]
            chrome.update(found)
    return chrome


class _Resolver:
    """`urljoin` with fast paths for the common absolute and root-relative hrefs."""

    def __init__(self, base: str) -> None:
        self.base = base
        parts = urlsplit(base)
        self.scheme = parts.scheme
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else None
        # The base's folder, for plain relative hrefs (`politica/slug`), when urljoin would
        # just append to it: no dot segments, empty segments or params in the base path.
        path = parts.path
        self.folder = None
        if (
            self.origin is not None
            and parts.scheme in ("http", "https")
            and "/." not in path
            and "//" not in path
            and ";" not in path
        ):
            self.folder = self.origin + path[: path.rfind("/") + 1] if path else self.origin + "/"

    def __call__(self, href: str) -> str | None:
        """The absolute URL of a link's `href`, or None for fragments and non-web schemes."""
        href = href.strip()
        if not href or href[0] == "#":
            return None
        if (
            "/." not in href
            and "\\" not in href
            and "\t" not in href
            and "\n" not in href
            and "\r" not in href
        ):
            # `_join`'s common cases inline (this runs for nearly every link of every page)
            if href[0] == "/":
                if self.origin is not None:
                    return self.origin + href if href[1:2] != "/" else f"{self.scheme}:{href}"
            elif href[:8].lower().startswith(("http://", "https://")):
                return href
        if href[:11].lower().startswith(_SKIPPED_SCHEMES):
            return None
        try:
            return self._join(href)
        except ValueError:
            return None

    def _join(self, href: str) -> str:
        if "/." in href or "\\" in href or "\t" in href or "\n" in href or "\r" in href:
            return urljoin(self.base, href)  # dot segments, backslashes, whitespace: the slow way
        lowered = href[:8].lower()
        if lowered.startswith(("http://", "https://")):
            return href
        if self.origin is not None:
            if href.startswith("//"):
                return f"{self.scheme}:{href}"
            if href.startswith("/"):
                return self.origin + href
        if self.folder is not None and _PLAIN_RELATIVE.fullmatch(href):
            return self.folder + href
        return urljoin(self.base, href)


def parse_page(html: str | bytes, page_url: str) -> PageInfo:
    """Return every link of `html` (resolved against `<base>`/`page_url`) and its metadata."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(html)
    info = PageInfo(url=page_url)
    base = page_url
    # the first <base href>, <title> and og:url and every <link>, in one walk of the tree
    base_node = head_title = og = None
    link_nodes = []
    for node in tree.css(_META_SELECTOR):
        tag = node.tag
        if tag == "link":
            link_nodes.append(node)
        elif tag == "title":
            if head_title is None:
                head_title = node
        elif tag == "base":
            if base_node is None:
                base_node = node
        elif og is None:
            og = node
    if base_node is not None:
        href = (base_node.attributes.get("href") or "").strip()
        if href:
            base = urljoin(page_url, href)
    if head_title is not None:
        info.title = _clean(head_title.text()) or None
    for node in link_nodes:
        attrs = node.attributes
        rels = (attrs.get("rel") or "").lower().split()
        href = (attrs.get("href") or "").strip()
        if not href:
            continue
        if "canonical" in rels and info.canonical is None:
            info.canonical = urljoin(base, href)
        elif "alternate" in rels and (attrs.get("type") or "").lower() in _FEED_TYPES:
            info.feeds.append(urljoin(base, href))
    if og is not None and (og.attributes.get("content") or "").strip():
        info.og_url = urljoin(base, (og.attributes.get("content") or "").strip())

    chrome = _chrome_anchors(tree)
    append = info.links.append
    resolve = _Resolver(base)
    resolved: dict[str, str | None] = {}  # href -> URL (None: skipped); pages repeat hrefs
    for node in tree.css("a[href]"):
        href = node.attrs["href"]  # (one attribute: cheaper than the `attributes` dict)
        if not href:
            continue
        if href in resolved:
            url = resolved[href]
        else:
            url = resolved[href] = resolve(href)
        if url is None:
            continue
        text = node.text(True, " ", True)  # deep, " " between strings, each stripped
        if text:
            # `_clean`'s common case inline (this loop runs for every link of every page)
            text = (
                text.strip()[:_MAX_TEXT]
                if text.isprintable() and "  " not in text
                else _clean(text)
            )
        if not text:
            text = _fallback_text(node)
        append((url, text, node.mem_id in chrome))
    return info
