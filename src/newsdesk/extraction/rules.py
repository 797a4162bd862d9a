"""Rules that decide whether a link is an article, cheapest first; each verdict says who decided.

Order (the first that fires wins), all on the canonical URL of a link to the source's own host:

1. the source's own `exclude` then `include` regexes (from the source record);
2. negative rules: files, the home page, section/tag/author/video/gallery/podcast/login/
   subscription/newsletter/legal/search/pagination/archive paths (English and Spanish words),
   media pages named by a slug prefix, an anchor label or a media subdomain, search and
   pagination query parameters, date-only archive paths;
3. listed in the source's feed or news sitemap -> article (`decided_by = feed`);
4. positive rules: a date in the path followed by a slug or id, a numeric id of 5+ digits,
   a UUID or long hex id, an id query parameter, a slug of 5+ words;
5. negative rules that need the link's context: links found only in nav/header/footer/aside
   and section-like paths (one or two short words per segment) with a short anchor text.

What is left is undecided: the LLM gets it, or, without one, `heuristic()` scores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

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
# Path segments that make a page a list, a media page or a service page, never an article.
NEGATIVE_SEGMENTS = _words(
    """
    about about-us acceder acceso account accounts advertise advertising anunciate anúnciate
    archive archives archivo audio audios author authors autor autora autoras autores
    aviso-legal ayuda boletin boletines boletín buscador buscar busqueda búsqueda careers
    categoria categorias categories category categoría categorías columnistas columnists
    condiciones condiciones-de-uso contact contact-us contactar contacto cookies cuenta empleo
    entrar episode episodes episodio episodios etiqueta etiquetas faq faqs feed feeds firma
    firmas foto fotogaleria fotogalerias fotogalería fotogalerías fotos galeria galerias galería
    galerías galleries gallery hashtag help hemeroteca imagenes imágenes jobs keyword keywords
    legal login logout mapa-del-sitio mapa-web mi-cuenta multimedia my-account newsletter
    newsletters nosotros pag page paged pagina perfil perfiles photo photos pictures player
    podcast podcasts politica-de-cookies politica-de-privacidad política-de-cookies
    política-de-privacidad privacidad privacy privacy-policy profile profiles publicidad página
    quienes-somos quiénes-somos register registrate registro regístrate resultados rss search
    seccion secciones sección section sections sign-in sign-out sign-up signin signout signup
    sitemap slideshow slideshows sobre-nosotros staff subscribe subscriber subscription
    subscriptions suscribete suscribirse suscripcion suscripciones suscripción suscriptores
    suscríbete tag tags tema temas terminos terminos-de-uso terms terms-of-service terms-of-use
    topic topics trabaja-con-nosotros términos video videos vídeo vídeos watch
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
_YEAR = r"(?:19[89]\d|20\d\d)"
_MONTHS = (
    r"(?:0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|ene|abr|ago|dic)"
)
# A date in the path: /2024/05/17/, /2024/may/17/, /2024-05-17/, /20240517/.
_DATE_IN_PATH = re.compile(
    rf"/(?:{_YEAR}/{_MONTHS}(?:/[0-3]?\d)?|{_YEAR}-[01]\d-[0-3]\d|{_YEAR}[01]\d[0-3]\d)(?=/|[-_.]|$)"
)
_DATE_SEGMENT = re.compile(
    rf"^(?:{_YEAR}|{_MONTHS}|[0-3]?\d|{_YEAR}-[01]\d(?:-[0-3]\d)?|{_YEAR}[01]\d[0-3]\d)$"
)
_NUMERIC_ID = re.compile(r"(?:^|[^0-9])[0-9]{5,}(?:\.[a-z]{2,5})?$")
_NUMERIC_SEGMENT = re.compile(r"^[0-9]{1,4}$")
_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")
_HEX_ID = re.compile(
    r"(?:^|[^0-9a-z])(?=[0-9a-z]*[0-9])(?=[0-9a-z]*[a-z])[0-9a-f]{16,40}(?:$|[^0-9a-z])"
)
# Media pages written as a slug prefix (/sport/video-the-goals-123.html), an anchor label
# ("VÍDEO | ...", "In pictures: ...") or a media subdomain (video.example.com).
_MEDIA_WORDS = (
    r"v[ií]deos?|fotos?|photos?|pictures|gallery|galer[ií]as?|fotogaler[ií]as?|slideshow"
    r"|podcasts?|audios?"
)
_MEDIA_SLUG = re.compile(rf"^(?:{_MEDIA_WORDS})[-_]")
_MEDIA_LABEL = re.compile(
    rf"^\W*(?:{_MEDIA_WORDS}|in pictures|en im[aá]genes|watch|listen|escucha)\s*[:|\-\u2013\u2014]",
    re.IGNORECASE,
)
_MEDIA_HOSTS = _words(
    """
    audio fotos media photos play podcast podcasts tv video videos
    """
)
_LANG_SEGMENT = re.compile(r"^[a-z]{2}(?:-[a-z]{2})?$")
_HOME_SEGMENTS = _words(
    """
    default.aspx home index index.htm index.html index.php inicio portada
    """
)

LONG_SLUG_WORDS = 5
SECTION_ANCHOR_WORDS = 4


class Verdict(NamedTuple):
    is_article: bool | None
    decided_by: str | None
    reason: str


UNDECIDED = Verdict(None, None, "undecided")


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


def features(url: str) -> PathFeatures:
    parts = urlsplit(url)
    path = unquote(parts.path).lower()
    segments = [s for s in path.split("/") if s]
    last = ""
    for segment in reversed(segments):
        stem = _FILE_SUFFIX.sub("", segment)
        if _HAS_LETTER.search(stem) and segment not in _HOME_SEGMENTS:
            last = stem
            break
    words = sum(1 for w in _SLUG_SPLIT.split(last) if w and _HAS_LETTER.search(w))
    query = []
    if parts.query:
        for pair in parts.query.split("&"):
            key, _, value = pair.partition("=")
            query.append((unquote(key).lower(), unquote(value)))
    host = parts.hostname or ""
    return PathFeatures(segments, last, words, query, host.split(".", 1)[0])


def decide(candidate: Candidate, source_rules: SourceRules | None = None) -> Verdict:
    """Return the rules' verdict on `candidate` (UNDECIDED when no rule is sure)."""
    url = candidate.url
    if source_rules is not None:
        for pattern in source_rules.exclude:
            if pattern.search(url):
                return Verdict(False, DecidedBy.rule, "source exclude rule")
        for pattern in source_rules.include:
            if pattern.search(url):
                return Verdict(True, DecidedBy.rule, "source include rule")
    f = features(url)
    segments = f.segments
    meaningful = [s for s in segments if s not in _HOME_SEGMENTS and not _LANG_SEGMENT.match(s)]
    id_param = any(
        key in _ID_QUERY_KEYS and value.isdigit() and len(value) >= 4 for key, value in f.query_keys
    )
    if not meaningful and not id_param:
        return Verdict(False, DecidedBy.rule, "home page")
    last = segments[-1] if segments else ""
    dot = last.rfind(".")
    if dot > 0 and last[dot + 1 :] in FILE_EXTENSIONS:
        return Verdict(False, DecidedBy.rule, "file")
    for segment in segments:
        if segment in NEGATIVE_SEGMENTS:
            return Verdict(False, DecidedBy.rule, f"'{segment}' page")
    if _MEDIA_SLUG.match(f.slug) or f.subdomain in _MEDIA_HOSTS:
        return Verdict(False, DecidedBy.rule, "media page")
    if candidate.text and _MEDIA_LABEL.match(candidate.text):
        return Verdict(False, DecidedBy.rule, "media label")
    for key, value in f.query_keys:
        if key in _NEGATIVE_QUERY_KEYS and not (key == "p" and len(value) >= 4):
            return Verdict(False, DecidedBy.rule, f"'{key}' query")
    if meaningful and all(_DATE_SEGMENT.match(s) for s in meaningful):
        return Verdict(False, DecidedBy.rule, "date archive")
    if (
        len(meaningful) >= 2
        and _NUMERIC_SEGMENT.match(meaningful[-1])
        and not _DATE_IN_PATH.search("/" + "/".join(segments))
    ):
        return Verdict(False, DecidedBy.rule, "pagination")
    if candidate.in_feed:
        return Verdict(True, DecidedBy.feed, "in feed")
    path = "/" + "/".join(segments)
    has_slug = f.slug_words >= 1
    date = _DATE_IN_PATH.search(path)
    if date is not None and (has_slug or _NUMERIC_ID.search(path)) and date.end() < len(path):
        return Verdict(True, DecidedBy.rule, "date in path")
    if _NUMERIC_ID.search(_FILE_SUFFIX.sub("", last)):
        return Verdict(True, DecidedBy.rule, "numeric id")
    if _UUID.search(path) or _HEX_ID.search(path):
        return Verdict(True, DecidedBy.rule, "uuid")
    if id_param:
        return Verdict(True, DecidedBy.rule, "id parameter")
    if f.slug_words >= LONG_SLUG_WORDS:
        return Verdict(True, DecidedBy.rule, "long slug")
    if candidate.chrome:
        return Verdict(False, DecidedBy.rule, "navigation link")
    anchor_words = len(candidate.text.split())
    if (
        f.slug_words <= 2
        and len(meaningful) <= 2
        and anchor_words <= SECTION_ANCHOR_WORDS
        and not any(c.isdigit() for c in path)
    ):
        return Verdict(False, DecidedBy.rule, "section")
    return UNDECIDED


def heuristic(candidate: Candidate) -> bool:
    """Guess for a link no rule decided (used without an LLM): headline-like slug and anchor."""
    f = features(candidate.url)
    score = 0
    if f.slug_words >= 4:
        score += 2
    elif f.slug_words == 3:
        score += 1
    else:
        score -= 1
    anchor_words = len(candidate.text.split())
    if anchor_words >= 6:
        score += 2
    elif anchor_words >= 4:
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
