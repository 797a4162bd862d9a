"""Vocabulary of the fixture news sites (English and Spanish)."""

from __future__ import annotations

from typing import Any

ARTICLE_STYLES = [
    "dated",
    "dated_compact",
    "month_name",
    "slug_id",
    "numeric",
    "uuid",
    "escenic",
    "slug",
    "slug",
]

OUTLET_NAMES = {
    "es": ["el-faro", "la-voz", "diario-sur", "el-heraldo", "la-cronica", "el-correo", "noticias-hoy",
           "el-observador", "la-gaceta", "el-independiente", "diario-del-puerto", "la-tribuna"],
    "en": ["the-herald", "daily-post", "morning-star", "the-chronicle", "evening-times", "the-ledger",
           "city-gazette", "the-sentinel", "northern-echo", "the-courier", "the-dispatch"],
}

MONTHS = {
    "en": ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
}

TRACKING = [
    "utm_source=home&utm_medium=web",
    "utm_campaign=portada",
    "fbclid=IwAR0abc123",
    "ref=home",
    "gclid=Cj0KCQ",
    "mc_cid=12ab&mc_eid=34cd",
]

EXTERNAL_LINKS = [
    ("https://twitter.com/newsdesk", "Twitter"),
    ("https://www.facebook.com/newsdesk", "Facebook"),
    ("https://www.instagram.com/newsdesk/", "Instagram"),
    ("https://www.youtube.com/channel/UC123", "YouTube"),
    ("https://t.me/newsdesk", "Telegram"),
    ("https://apps.apple.com/app/id123456789", "App Store"),
    ("https://play.google.com/store/apps/details?id=test.news", "Google Play"),
    ("https://www.linkedin.com/company/newsdesk", "LinkedIn"),
    ("https://cdn.adserver.test/click?id=998877", "Publicidad"),
]

ENGLISH: dict[str, Any] = {
    "sections": ["politics", "business", "world", "uk-news", "sport", "technology", "science",
                 "culture", "lifestyle", "environment", "money", "travel", "education", "health"],
    "subsections": ["europe", "americas", "middle-east", "football", "tennis", "markets",
                    "personal-finance", "books", "film", "music"],
    "subjects": ["Government", "Minister", "Council", "Scientists", "Police", "Voters", "Markets",
                 "Union", "Court", "Parliament", "Striker", "Company", "Regulator", "Mayor", "Hospital"],
    "verbs": ["announces", "rejects", "approves", "warns", "unveils", "delays", "defends", "faces",
              "wins", "loses", "cuts", "raises", "plans", "blocks", "backs"],
    "filler": ["new", "plan", "to", "the", "for", "after", "budget", "talks", "over", "record",
               "crisis", "vote", "deal", "housing", "energy", "prices", "as", "in", "climate",
               "reform", "of", "strike", "season", "final", "report", "rates", "tax", "border",
               "election", "campaign", "inquiry", "water", "rail", "schools", "data", "amid", "rise"],
    "topics": ["brexit", "climate", "ukraine", "elections", "ai", "housing", "nhs", "inflation",
               "premier", "league", "royal", "family", "gaza", "china", "trade"],
    "names": ["jane", "doe", "john", "smith", "amelia", "hart", "oliver", "reed", "sara", "khan"],
    "tag_prefixes": ["tag", "topics", "topic", "tags", "keyword"],
    "author_prefixes": ["author", "profile", "authors", "by"],
    "services": [
        ("/login", "Sign in", "login"), ("/account/register", "Register", "login"),
        ("/subscribe", "Subscribe", "subscribe"), ("/newsletters", "Newsletters", "newsletter"),
        ("/help/privacy-policy", "Privacy", "legal"), ("/help/terms-of-service", "Terms", "legal"),
        ("/about-us", "About us", "legal"), ("/contact-us", "Contact", "legal"),
        ("/cookies", "Cookies", "legal"), ("/search?q=", "Search", "search"),
        ("/weather", "Weather", "service"), ("/crosswords", "Crosswords", "service"),
        ("/puzzles/sudoku", "Sudoku", "service"), ("/obituaries", "Obituaries", "service"),
        ("/jobs", "Jobs", "service"), ("/shop", "Shop", "service"), ("/games", "Games", "service"),
        ("/tv-listings", "TV listings", "service"), ("/advertise", "Advertise", "legal"),
    ],
    "pagination": ["/page/{n}", "/?page={n}", "/news/page/{n}/", "/latest?page={n}"],
    "more": "More stories",
    "archive": "Today's archive",
    "labels": {"video": "Video", "gallery": "In pictures", "podcast": "Podcast"},
    "media_segments": {"video": ["video", "videos"], "gallery": ["gallery", "pictures", "photos"],
                       "podcast": ["podcast", "podcasts", "audio"]},
    "live_segment": "live",
    "opinion": "opinion",
    "most_read": "Most read",
    "read_more": "Read more",
    "partner": "From our partners",
    "landing": "{topic}: all the latest news, analysis and results",
    "tool": "/money/calculators/mortgage-repayment-calculator-work-out-your-payments",
    "tool_text": "Mortgage calculator",
}

SPANISH: dict[str, Any] = {
    "sections": ["politica", "economia", "internacional", "espana", "deportes", "tecnologia",
                 "ciencia", "cultura", "sociedad", "madrid", "andalucia", "salud", "motor", "gente"],
    "subsections": ["europa", "america-latina", "futbol", "baloncesto", "mercados", "vivienda",
                    "libros", "cine", "musica", "tribunales"],
    "subjects": ["Gobierno", "Ministra", "Ayuntamiento", "Científicos", "Policía", "Votantes",
                 "Bolsa", "Sindicatos", "Tribunal", "Congreso", "Delantero", "Empresa", "Alcaldesa",
                 "Hospital", "Junta"],
    "verbs": ["anuncia", "rechaza", "aprueba", "advierte", "presenta", "retrasa", "defiende",
              "afronta", "gana", "pierde", "recorta", "sube", "planea", "bloquea", "respalda"],
    "filler": ["nuevo", "plan", "para", "el", "la", "tras", "presupuesto", "negociación", "sobre",
               "récord", "crisis", "votación", "acuerdo", "vivienda", "energía", "precios", "en",
               "clima", "reforma", "de", "huelga", "temporada", "final", "informe", "tipos",
               "impuestos", "frontera", "elecciones", "campaña", "investigación", "agua", "tren",
               "colegios", "datos", "entre", "subida", "los", "españa"],
    "topics": ["elecciones", "vivienda", "ucrania", "inteligencia", "artificial", "sequia", "ibex",
               "real", "madrid", "liga", "casa", "real", "amnistia", "inflacion", "pensiones"],
    "names": ["ana", "garcia", "luis", "martinez", "carmen", "lopez", "javier", "ruiz", "elena", "soto"],
    "tag_prefixes": ["tag", "temas", "tema", "etiquetas", "noticias-sobre"],
    "author_prefixes": ["autor", "autores", "firmas", "author"],
    "services": [
        ("/acceso", "Iniciar sesión", "login"), ("/registro", "Regístrate", "login"),
        ("/suscripcion", "Suscríbete", "subscribe"), ("/boletines", "Boletines", "newsletter"),
        ("/aviso-legal", "Aviso legal", "legal"), ("/politica-de-privacidad", "Privacidad", "legal"),
        ("/politica-de-cookies", "Cookies", "legal"), ("/quienes-somos", "Quiénes somos", "legal"),
        ("/contacto", "Contacto", "legal"), ("/buscar?q=", "Buscar", "search"),
        ("/tiempo", "El tiempo", "service"), ("/loterias", "Loterías", "service"),
        ("/horoscopo", "Horóscopo", "service"), ("/esquelas", "Esquelas", "service"),
        ("/crucigramas", "Crucigramas", "service"), ("/cartelera", "Cartelera", "service"),
        ("/programacion-tv", "Programación TV", "service"), ("/tienda", "Tienda", "service"),
        ("/publicidad", "Publicidad", "legal"),
    ],
    "pagination": ["/pagina/{n}", "/?page={n}", "/ultimas-noticias/pagina/{n}/", "/page/{n}/"],
    "more": "Más noticias",
    "archive": "Hemeroteca de hoy",
    "labels": {"video": "VÍDEO", "gallery": "FOTOS", "podcast": "PODCAST"},
    "media_segments": {"video": ["video", "videos"], "gallery": ["fotos", "fotogalerias", "galeria"],
                       "podcast": ["podcast", "podcasts", "audio"]},
    "live_segment": "directo",
    "opinion": "opinion",
    "most_read": "Lo más leído",
    "read_more": "Leer más",
    "partner": "Contenido patrocinado",
    "landing": "{topic}: toda la información, análisis y resultados",
    "tool": "/servicios/calculadora-de-hipotecas-calcula-tu-cuota-mensual",
    "tool_text": "Calculadora de hipotecas",
}
