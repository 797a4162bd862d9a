"""Rules that decide whether a link is an article, cheapest first; each verdict says who decided.

Order (the first that fires wins), all on the canonical URL of a link to the source's own host:

1. the source's own `exclude` then `include` regexes (from the source record);
2. negative rules: files, the home page, media pages (a video/podcast/gallery/album segment
   anywhere in the path beats every positive signal; also a media slug prefix, anchor label or
   subdomain), service pages named by their slug even with an id (`/news/help-41670342`);
   then list/service words (section, tag, author, login, newsletter, legal, search...; English,
   Spanish, French) as the last segment, or anywhere when the path has no date or article id
   (`/economia/empleo/2026-12-03/slug.html` is an article); search and pagination query
   parameters, pagination and date-only archive paths;
3. listed in the source's feed or news sitemap -> article (`decided_by = feed`);
4. positive rules: a date in the path followed by a slug or id, or ending a slug
   (`/world/eu-agrees-budget-2026-12-04/`); an article id (UUID or long
   hex, numeric id of 5+ digits, opaque letter/digit id such as `chcdv0m6k5do`) that no listing
   segment (`/stream/`, `/topics/`, `/tag/`, `/author/`...) precedes and that is not an id-only
   URL with a short anchor; an id query parameter; an article segment (`/articles/`, `/live/`,
   `/noticia/`, `/story/`) before the last one; a slug of 5+ words only with support (a file
   suffix, a deep path or a headline-like anchor) and no listing segment before it;
5. negative rules that need the link's context: links found only in nav/header/footer/aside
   (unless their anchor reads like a headline) and section-like paths (one or two short words
   per segment) with a short anchor text, unless that anchor says more than the slug: three
   or more words, one of them not in the slug (a short teaser, `/world/council-defends`
   "Council defends deal", left to the LLM; a section's label repeats its slug).

What is left is undecided: the LLM gets it, or, without one, `heuristic()` scores it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from newsdesk.extraction.canonical import _PLAIN_URL
from newsdesk.extraction.models import DecidedBy


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FILE_EXTENSIONS = _words(
    """
    7z apk atom avi avif bmp css csv dmg doc docx epub exe flac gif gz ico ics jpeg jpg js json
    m4a m4v mobi mov mp3 mp4 ods odt oga ogg pdf png ppt pptx rar rss svg tar tgz tif tiff txt
    wav webm webp wmv woff woff2 xls xlsx xml zip
    """
)
# Path segments of media pages (the newsletter is built from text): anywhere in the path they
# beat dates and ids, since outlets date and number their videos and galleries like articles.
MEDIA_SEGMENTS = _words(
    """
    album albums audio audios av diaporama diaporamas directo-tv en-imagenes en-images episode
    episodes episodio episodios foto fotogaleria fotogalerias fotogalería fotogalerías fotos
    galeria galerias galería galerías galleries gallery imagenes imágenes in-pictures multimedia
    photo photos pictures player podcast podcasts portfolio portfolios slideshow slideshows
    video videos vidéo vidéos vídeo vídeos watch álbum álbumes
    """
)
# Segments that name a list of articles keyed by what follows (`/stream/<uuid>`, `/tag/<id>`,
# `/author/<slug>`): an id or slug after one names the list, not an article.
LISTING_SEGMENTS = _words(
    """
    archive archives archivo auteur auteurs author authors autor autora autoras autores by
    categoria categorias categories category categoría categorías collection collections
    columnistas columnists etiqueta etiquetas firma firmas hashtag hemeroteca hub hubs keyword
    keywords list lists mot-cle mots-cles people perfil perfiles profile profiles rubrique
    rubriques seccion secciones section sections sección series staff stream sujet sujets tag
    tags tema temas theme themes topic topics
    """
)
# Weaker list markers: they name tag pages on some outlets (`/noticias/<tag>/`) but precede
# numbered articles on others (`/noticias/slug-12345.html`), so they only veto a bare slug.
_SLUG_LISTING_SEGMENTS = _words("noticias")
# Path segments that make a page a list or a service page, never an article (as the last
# segment, or anywhere when the path has no date or article id).
NEGATIVE_SEGMENTS = (
    _words(
        """
        about about-us acceder acceso account accounts advertise advertising all anunciate
        anúnciate aviso-legal ayuda boletin boletines boletín buscador buscar busqueda búsqueda
        careers condiciones condiciones-de-uso contact contact-us contactar contacto cookies
        cuenta empleo entrar faq faqs feed feeds help jobs legal login logout mapa-del-sitio
        mapa-web mi-cuenta my-account newsletter newsletters nosotros pag page paged pagina
        politica-de-cookies politica-de-privacidad política-de-cookies política-de-privacidad
        privacidad privacy privacy-policy publicidad página quienes-somos quiénes-somos register
        registrate registro regístrate resultados rss search sign-in sign-out sign-up signin
        signout signup sitemap sobre-nosotros subscribe subscriber subscription subscriptions
        suscribete suscribirse suscripcion suscripciones suscripción suscriptores suscríbete
        terminos terminos-de-uso terms terms-of-service terms-of-use trabaja-con-nosotros
        términos
        """
    )
    | LISTING_SEGMENTS
)
# The first words of those (in a `_SLUG_SPLIT` word of a slug).
_NEGATIVE_FIRST_WORDS = frozenset(segment.split("-", 1)[0] for segment in NEGATIVE_SEGMENTS)
# The segment before an article's slug or id on many outlets (`/news/articles/<id>`,
# `/live/<id>`, `/noticia/<id>/<slug>`).
ARTICLE_SEGMENTS = _words(
    """
    article articles articulo articulos artículo artículos live noticia nota story
    """
)
_NEGATIVE_QUERY_KEYS = _words(
    """
    buscar busqueda filter format orderby output p pag page paged pagina print q query
    replytocom s search share sort tag view
    """
)
_ID_QUERY_KEYS = _words(
    """
    aid art article articleid id idnoticia nid noticia p story storyid
    """
)
_FILE_SUFFIX = re.compile(r"\.(html?|shtml|ece|php|aspx?|jsp|cms)$")
_SLUG_SPLIT = re.compile(r"[-_+.,]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# From a word's first letter to the word's end (words split by `_SLUG_SPLIT`): one match
# per word that has a letter.
_LETTER_WORD = re.compile(r"[^\W\d_][^-_+.,]*")
_YEAR = r"(?:19[89]\d|20\d\d)"
_MONTHS = (
    r"(?:0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|ene|abr|ago|dic)"
)
# A date in the path: /2024/05/17/, /2024/may/17/, /2024-05-17/, /20240517/.
_DATE_IN_PATH = re.compile(
    rf"/(?:{_YEAR}/{_MONTHS}(?:/[0-3]?\d)?|{_YEAR}-[01]\d-[0-3]\d|{_YEAR}[01]\d[0-3]\d)(?=/|[-_.]|$)"
)
# ... or ending a slug, after its words: /world/europe/eu-agrees-budget-2026-12-04/.
_DATE_ENDING_SLUG = re.compile(rf"[^\W\d_][-_]{_YEAR}-[01]\d-[0-3]\d\Z")
_DATE_SEGMENT = re.compile(
    rf"^(?:{_YEAR}|{_MONTHS}|[0-3]?\d|{_YEAR}-[01]\d(?:-[0-3]\d)?|{_YEAR}[01]\d[0-3]\d)$"
)
# 5+ digits ending the slug, or followed by one short code (`-20261204222816-nt`, `_6543510_3210`).
_NUMERIC_ID = re.compile(r"(?:^|[^0-9a-z])[0-9]{5,}(?:[-_.][a-z0-9]{1,4})?$|(?:^|[^0-9])[0-9]{5,}$")
# `_NUMERIC_ID.search(s)` is `_NUMERIC_ID_REVERSED.match(s[::-1])`: a match at the start
# of the reversed string is much cheaper than a search of every position.
_NUMERIC_ID_REVERSED = re.compile(
    r"\n?(?:(?:[a-z0-9]{1,4}[-_.])?[0-9]{5,}(?:\Z|[^0-9a-z])|[0-9]{5,}(?:\Z|[^0-9]))"
)
_ID_SEGMENT = re.compile(r"^[0-9]{5,}$")
_DIGIT = re.compile(r"[0-9]")
_HEX_DIGITS = frozenset("0123456789abcdef")
# An opaque id: one token of 8+ letters and digits, with at least two of each (`chcdv0m6k5do`).
_OPAQUE_ID = re.compile(r"^(?=(?:[a-z]*[0-9]){2})(?=(?:[0-9]*[a-z]){2})[a-z0-9]{8,24}$")
_NUMERIC_SEGMENT = re.compile(r"^[0-9]{1,4}$")
_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")
_HEX_ID = re.compile(
    r"(?:^|[^0-9a-z])(?=[0-9a-z]*[0-9])(?=[0-9a-z]*[a-z])[0-9a-f]{16,40}(?:$|[^0-9a-z])"
)
_HEX_RUN = re.compile(r"[0-9a-f]{8}")
# Media pages written as a slug prefix (/sport/video-the-goals-123.html), an anchor label
# ("VÍDEO | ...", "In pictures: ...") or a media subdomain (video.example.com).
_MEDIA_WORDS = (
    r"v[ií]deos?|fotos?|photos?|pictures|gallery|galer[ií]as?|fotogaler[ií]as?|slideshow"
    r"|podcasts?|audios?"
)
_MEDIA_SLUG = re.compile(rf"^(?:{_MEDIA_WORDS})[-_]")
# (a media slug starts with one of these: most slugs need no regex)
_MEDIA_FIRST_LETTERS = frozenset(word[0] for word in _MEDIA_WORDS.split("|"))
_MEDIA_LABEL = re.compile(
    rf"^\W*(?:{_MEDIA_WORDS}|in pictures|en im[aá]genes|watch|listen|escucha)\s*[:|\-\u2013\u2014]",
    re.IGNORECASE,
)
# ... or a short label ending in a media word: "Unhedged podcast: ...", "Madrid - in pictures".
_MEDIA_WORD_END = re.compile(
    rf"(?:^|\W)(?:{_MEDIA_WORDS}|in pictures|en im[aá]genes)\W*$", re.IGNORECASE
)
_MEDIA_SUFFIX = re.compile(
    rf"[|\-\u2013\u2014]\s*(?:{_MEDIA_WORDS}|in pictures|en im[aá]genes)\W*$", re.IGNORECASE
)
_LABEL_CHARS = 24  # such a label fits in this many characters
_MEDIA_HOSTS = _words(
    """
    audio fotos media photos play podcast podcasts tv video videos
    """
)
_LANG_SEGMENT = re.compile(r"^[a-z]{2}(?:-[a-z]{2})?$")
# ... anywhere in "/" + path: whether a segment would match `_LANG_SEGMENT` (the "/" added
# stands for `^`: a regex starting with a literal is searched for it first, far cheaper
# than trying `(?:^|/)` at every position)
_LANG_IN_PATH = re.compile(r"/[a-z]{2}(?:-[a-z]{2})?\n?(?=/|\Z)")
_LANG_CHARS = 6  # the longest segment `_LANG_SEGMENT` matches (`$` also before a last "\n")
_HOME_SEGMENTS = _words(
    """
    default.aspx home index index.htm index.html index.php inicio portada
    """
)

LONG_SLUG_WORDS = 5
SECTION_ANCHOR_WORDS = 4
TEASER_WORDS = 3  # content words of a short teaser's anchor (a section label has fewer)
# Words a section label may add to its slug ("Ciencia y tecnología" on /ciencia-tecnologia,
# "Más noticias de España" on /espana/, "More from World" on /world).
_STOPWORDS = _words(
    """
    a about all an and de del e el en for from in la las latest los mas more news noticias o
    of on read see sobre the to todas todo u ultimas ver y
    """
)
HEADLINE_WORDS = 6  # an anchor this long reads like a headline, not a menu label
SHORT_ANCHOR_WORDS = 4  # an id-only URL under a label this short is a topic or service link
DEEP_PATH = 3  # segments: /section/subsection/slug


class Verdict(NamedTuple):
    is_article: bool | None
    decided_by: str | None
    reason: str


UNDECIDED = Verdict(None, None, "undecided")
# The fixed verdicts, built once (a Verdict is an immutable tuple).
_V_SOURCE_EXCLUDE_RULE = Verdict(False, DecidedBy.rule, "source exclude rule")
_V_SOURCE_INCLUDE_RULE = Verdict(True, DecidedBy.rule, "source include rule")
_V_HOME_PAGE = Verdict(False, DecidedBy.rule, "home page")
_V_FILE = Verdict(False, DecidedBy.rule, "file")
_V_MEDIA_PAGE = Verdict(False, DecidedBy.rule, "media page")
_V_MEDIA_LABEL = Verdict(False, DecidedBy.rule, "media label")
_V_DATE_ARCHIVE = Verdict(False, DecidedBy.rule, "date archive")
_V_PAGINATION = Verdict(False, DecidedBy.rule, "pagination")
_V_IN_FEED = Verdict(True, DecidedBy.feed, "in feed")
_V_DATE_IN_PATH = Verdict(True, DecidedBy.rule, "date in path")
_V_ID_PARAMETER = Verdict(True, DecidedBy.rule, "id parameter")
_V_LONG_SLUG = Verdict(True, DecidedBy.rule, "long slug")
_V_NAVIGATION_LINK = Verdict(False, DecidedBy.rule, "navigation link")
_V_SECTION = Verdict(False, DecidedBy.rule, "section")
# "'<segment>' page" for each media, list or service segment; "'<key>' query"; id kinds
_V_PAGE = {
    segment: Verdict(False, DecidedBy.rule, f"'{segment}' page")
    for segment in MEDIA_SEGMENTS | NEGATIVE_SEGMENTS
}
_V_QUERY = {key: Verdict(False, DecidedBy.rule, f"'{key}' query") for key in _NEGATIVE_QUERY_KEYS}
_V_ID = {
    kind: Verdict(True, DecidedBy.rule, kind)
    for kind in ("uuid", "numeric id", "opaque id", "article segment")
}


@dataclass(slots=True)
class Candidate:
    """One distinct same-source link of a page, with what we know about it."""

    url: str
    text: str = ""
    chrome: bool = True  # every occurrence sits in nav/header/footer/aside
    in_feed: bool = False
    title: str | None = None
    verdict: Verdict = UNDECIDED
    category: str | None = None
    # `split_url(url)` when the caller has it (canonicalising a link splits it anyway)
    parts: tuple[str, str, str, str] | None = None


@dataclass
class SourceRules:
    """The per-source include/exclude regexes, compiled once (an invalid one is reported)."""

    include: list[re.Pattern[str]] = field(default_factory=list)
    exclude: list[re.Pattern[str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_spec(cls, rules: dict[str, Any] | None) -> SourceRules:
        compiled = cls()
        for key in ("include", "exclude"):
            for pattern in (rules or {}).get(key) or []:
                try:
                    getattr(compiled, key).append(re.compile(str(pattern)))
                except re.error as exc:
                    compiled.errors.append(f"{key} rule {pattern!r} is not a valid regex: {exc}")
        return compiled


@dataclass(slots=True)
class PathFeatures:
    segments: list[str]
    slug: str
    slug_words: int
    query_keys: list[tuple[str, str]]
    subdomain: str


def split_url(url: str) -> tuple[str, str, str, str]:
    """(`url`, lower-case hostname, path, query), the parts as urlsplit reads them."""
    match = _PLAIN_URL.fullmatch(url)  # urlsplit's parts of a plain URL, in one regex
    if match is not None:
        host, raw_path, raw_query = match.group(2, 4, 5)
        return url, host.lower(), raw_path, raw_query or ""
    parts = urlsplit(url)
    return url, parts.hostname or "", parts.path, parts.query


def _segments(raw_path: str) -> list[str]:
    path = (unquote(raw_path) if "%" in raw_path else raw_path).lower()
    return [s for s in path.split("/") if s]


def _slug(segments: list[str]) -> str:
    """The last segment with a letter that is no home page name, without its file suffix."""
    for segment in reversed(segments):
        stem = _FILE_SUFFIX.sub("", segment) if "." in segment else segment
        if _HAS_LETTER.search(stem) and segment not in _HOME_SEGMENTS:
            return stem
    return ""


def _slug_words(slug: str) -> int:
    if slug.isascii() and slug.replace("-", "").isalpha():  # most slugs: cheaper than a regex
        return len([w for w in slug.split("-") if w])
    return len(_LETTER_WORD.findall(slug)) if slug else 0


def _query_keys(raw_query: str) -> list[tuple[str, str]]:
    query = []
    if raw_query:
        for pair in raw_query.split("&"):
            key, _, value = pair.partition("=")
            query.append((unquote(key).lower(), unquote(value)))
    return query


def features(url: str, parts: tuple[str, str, str, str] | None = None) -> PathFeatures:
    """The path segments, slug, query and subdomain of `url` (`parts`: its `split_url`)."""
    _, host, raw_path, raw_query = parts if parts is not None else split_url(url)
    segments = _segments(raw_path)
    slug = _slug(segments)
    return PathFeatures(
        segments, slug, _slug_words(slug), _query_keys(raw_query), host.split(".", 1)[0]
    )


_UNKNOWN: Any = object()  # a lazily computed value not computed yet


def decide(candidate: Candidate, source_rules: SourceRules | None = None) -> Verdict:
    """Return the rules' verdict on `candidate` (UNDECIDED when no rule is sure).

    This runs for every candidate of every page: the features are computed as late as the
    rules need them (a verdict usually comes before all are needed), in the documented order.
    """
    url = candidate.url
    if source_rules is not None:
        for pattern in source_rules.exclude:
            if pattern.search(url):
                return _V_SOURCE_EXCLUDE_RULE
        for pattern in source_rules.include:
            if pattern.search(url):
                return _V_SOURCE_INCLUDE_RULE
    parts = candidate.parts
    _, host, raw_path, raw_query = parts if parts is not None else split_url(url)
    path = (unquote(raw_path) if "%" in raw_path else raw_path).lower()  # `_segments` inline
    segments = list(filter(None, path.split("/")))
    if _HOME_SEGMENTS.isdisjoint(segments) and not _LANG_IN_PATH.search("/" + path):
        meaningful = segments  # (most paths: one search instead of a match per segment)
    else:
        meaningful = [
            s
            for s in segments
            if s not in _HOME_SEGMENTS and (len(s) > _LANG_CHARS or not _LANG_SEGMENT.match(s))
        ]
    query_keys = _query_keys(raw_query) if raw_query else []
    id_param = False
    for key, value in query_keys:
        if key in _ID_QUERY_KEYS and value.isdigit() and len(value) >= 4:
            id_param = True
            break
    if not meaningful and not id_param:
        return _V_HOME_PAGE
    last = segments[-1] if segments else ""
    dot = last.rfind(".")
    if dot > 0 and last[dot + 1 :] in FILE_EXTENSIONS:
        return _V_FILE
    if not MEDIA_SEGMENTS.isdisjoint(segments):
        for segment in segments:
            if segment in MEDIA_SEGMENTS:
                return _V_PAGE[segment]
    stem = _FILE_SUFFIX.sub("", last) if "." in last else last
    # the slug is usually the last segment's stem
    # (a first letter is a `_HAS_LETTER` match, and much cheaper to check)
    has_letter = stem[:1].isalpha() or _HAS_LETTER.search(stem)
    slug = stem if has_letter and last not in _HOME_SEGMENTS else _slug(segments)
    media_host = host.split(".", 1)[0] in _MEDIA_HOSTS
    if media_host or (slug[:1] in _MEDIA_FIRST_LETTERS and _MEDIA_SLUG.match(slug)):
        return _V_MEDIA_PAGE
    text = candidate.text
    # (most anchors have none of the characters a media label needs; substring tests are
    # cheaper than a regex search)
    if (
        text
        and (":" in text or "|" in text or "-" in text or "\u2013" in text or "\u2014" in text)
        and _media_label(text)
    ):
        return _V_MEDIA_LABEL
    stem_digits = _DIGIT.search(stem) is not None
    # A service page numbered like an article (`/news/help-41670342`): its words name it.
    # (A stem starting with a letter starts with its first named word: most are no such word.)
    if stem_digits and (
        not stem[0].isalpha() or _SLUG_SPLIT.split(stem, 1)[0] in _NEGATIVE_FIRST_WORDS
    ):
        named = "-".join([w for w in _SLUG_SPLIT.split(stem) if w and not w.isdigit()])
        if named in NEGATIVE_SEGMENTS and named != stem:
            return _V_PAGE[named]
    if path[:1] != "/" or path[-1:] == "/" or "//" in path:
        path = "/" + "/".join(segments)  # (else it is that already)
    # every date the regex finds starts with "/19" or "/20": most paths have neither
    date = _DATE_IN_PATH.search(path) if "/20" in path or "/19" in path else None
    # (a slug has a letter, so a word: `_slug_words(slug) >= 1` is `slug != ""`)
    dated = date is not None and date.end() < len(path) and (slug != "" or _numeric_id(path))
    # (such a path ends in "-YYYY-MM-DD" or "_YYYY-MM-DD": two slices say whether it may)
    if not dated and path[-11:-10] in ("-", "_") and path[-10:-8] in ("19", "20"):
        dated = _DATE_ENDING_SLUG.search(path) is not None
    anchor_words = len(text.split())
    article_id = None if dated else _UNKNOWN
    if not NEGATIVE_SEGMENTS.isdisjoint(segments):
        for segment in segments:
            # a list or service word names the page when it ends the path or nothing else does
            if segment in NEGATIVE_SEGMENTS:
                if segment == last:
                    return _V_PAGE[segment]
                if article_id is _UNKNOWN:
                    article_id = _article_id(segments, stem, stem_digits, anchor_words)
                if not (dated or article_id):
                    return _V_PAGE[segment]
    for key, value in query_keys:
        if key in _NEGATIVE_QUERY_KEYS and not (key == "p" and len(value) >= 4):
            return _V_QUERY[key]
    # a date segment longer than 5 characters starts with a year (5: "sept" and a "\n")
    first = meaningful[0] if meaningful else ""
    if (
        first
        and (len(first) <= 5 or first[0] in "12")
        and all(map(_DATE_SEGMENT.match, meaningful))
    ):
        return _V_DATE_ARCHIVE
    if (
        len(meaningful) >= 2
        and meaningful[-1][:1].isdigit()  # (needed by the regex, and cheaper)
        and _NUMERIC_SEGMENT.match(meaningful[-1])
        and date is None
    ):
        return _V_PAGINATION
    if candidate.in_feed:
        return _V_IN_FEED
    if dated:
        return _V_DATE_IN_PATH
    if article_id is _UNKNOWN:
        # (a one-segment path without digits has none: most section links)
        article_id = (
            _article_id(segments, stem, stem_digits, anchor_words)
            if stem_digits or len(segments) > 1
            else None
        )
    if article_id is not None:
        return _V_ID[article_id]
    if id_param:
        return _V_ID_PARAMETER
    headline = anchor_words >= HEADLINE_WORDS
    slug_words = _slug_words(slug)
    # A long slug alone also fits section and tag names: it needs support, and never beats a
    # listing segment before it.
    if (
        slug_words >= LONG_SLUG_WORDS
        and (headline or len(meaningful) >= DEEP_PATH or _FILE_SUFFIX.search(last))
        and not _listing_before(segments)
    ):
        return _V_LONG_SLUG
    if candidate.chrome and not headline:
        return _V_NAVIGATION_LINK
    if (
        slug_words <= 2
        and len(meaningful) <= 2
        and anchor_words <= SECTION_ANCHOR_WORDS
        and not any(map(str.isdigit, path))
        and not (anchor_words >= TEASER_WORDS and _says_more_than(text, slug))
    ):
        return _V_SECTION
    return UNDECIDED


def _says_more_than(text: str, slug: str) -> bool:
    """Whether `text` has `TEASER_WORDS` content words, one of them not in `slug`."""
    words = [w for w in _plain(text).split() if w not in _STOPWORDS]
    if len(words) < TEASER_WORDS:
        return False
    in_slug = set(_plain(slug).split())  # (hyphens and underscores become spaces)
    return any(word not in in_slug for word in words)


def _plain(text: str) -> str:
    """Lower case without accents, other characters as spaces (`Economía,` -> `economia `)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))


def _media_label(text: str) -> bool:
    """Whether an anchor names a media page: "VÍDEO | ...", "X podcast: ...", "... - video"."""
    if _MEDIA_LABEL.match(text):
        return True
    colon = text.find(":", 0, _LABEL_CHARS)
    if colon > 0 and _MEDIA_WORD_END.search(text, 0, colon):
        return True
    return _MEDIA_SUFFIX.search(text, max(0, len(text) - _LABEL_CHARS)) is not None


def _numeric_id(text: str) -> bool:
    """`_NUMERIC_ID.search(text)`, but cheaper."""
    return _NUMERIC_ID_REVERSED.match(text[::-1]) is not None


def _listing_before(segments: list[str]) -> bool:
    """Whether a listing segment (strong or weak) comes before the last segment."""
    return any(s in LISTING_SEGMENTS or s in _SLUG_LISTING_SEGMENTS for s in segments[:-1])


def _article_id(segments: list[str], stem: str, stem_digits: bool, anchor_words: int) -> str | None:
    """The kind of article id the path carries (None if none counts).

    An id after a listing segment names the list (`/stream/<uuid>`, `/topics/<id>`), and an
    id-only URL under a short label ("Interest rates", "Contact us") is a topic or service link.
    """
    last = len(segments) - 1
    if last < 0:
        return None
    if not LISTING_SEGMENTS.isdisjoint(segments[:last]):
        return None
    if stem_digits:
        id_only = 0 < anchor_words <= SHORT_ANCHOR_WORDS and bool(
            stem.isdigit()
            or _UUID.fullmatch(stem)
            or _HEX_ID.fullmatch(stem)
            or _OPAQUE_ID.match(stem)
        )
        if id_only:
            return None
        # both need 8 hex digits in a row (most slugs have none)
        if _HEX_RUN.search(stem) and (_UUID.search(stem) or _HEX_ID.search(stem)):
            return "uuid"
        if _numeric_id(stem):
            return "numeric id"
        if _OPAQUE_ID.match(stem):
            return "opaque id"
    for segment in segments[:last]:
        # both patterns start with a (hex) digit: skip the words quickly
        if segment[0] in _HEX_DIGITS and (_ID_SEGMENT.match(segment) or _UUID.fullmatch(segment)):
            return "numeric id"
    if last >= 1 and segments[last - 1] in ARTICLE_SEGMENTS:
        words = [w for w in _SLUG_SPLIT.split(stem) if w]
        # a slug, an id, or one token under a headline (not the `/live/us` stream)
        if len(words) >= 2 or stem_digits or anchor_words >= HEADLINE_WORDS:
            return "article segment"
    return None


def heuristic(candidate: Candidate) -> bool:
    """Guess for a link no rule decided (used without an LLM): headline-like slug and anchor."""
    f = features(candidate.url, candidate.parts)
    if _listing_before(f.segments):
        return False
    score = 0
    if f.slug_words >= 4:
        score += 2
    elif f.slug_words == 3:
        score += 1
    else:
        score -= 1
    anchor_words = len(candidate.text.split())
    if anchor_words >= HEADLINE_WORDS:
        score += 2  # a headline, even in a "most read" aside: no chrome penalty
    else:
        if anchor_words >= 4:
            score += 1
        elif anchor_words <= 2:
            score -= 1
        if candidate.chrome:
            score -= 2
    return score >= 2


# Section words (English and Spanish) that name a category, for links no LLM classified.
_CATEGORY_WORDS = {
    "politics": "politica política politics elecciones elections congreso gobierno",
    "economy": "economia economía economy business negocios empresas empleo trabajo",
    "finance": "finanzas finance mercados markets bolsa money dinero inversion",
    "technology": "tecnologia tecnología technology tech ciencia science internet",
    "geopolitics": "internacional international world mundo geopolitica geopolitics europa "
    "europe america asia africa",
    "society": "sociedad society cultura culture salud health educacion education",
    "sports": "deportes deporte sports sport futbol fútbol football baloncesto tenis",
}
_CATEGORY_BY_WORD = {w: cat for cat, words in _CATEGORY_WORDS.items() for w in words.split()}


def guess_category(url: str, categories: list[str], default: str | None = None) -> str | None:
    """Return the category named by a section of `url`'s path, else `default` if allowed."""
    for segment in features(url).segments[:-1]:
        category = _CATEGORY_BY_WORD.get(segment)
        if category is not None and category in categories:
            return category
    return default if default in categories else None
