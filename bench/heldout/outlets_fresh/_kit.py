"""Shared bits of the fresh outlets: more headlines, people and helpers (dates in other shapes)."""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool

EN_MORE = [
    "Ceasefire talks stall as negotiators trade blame over hostages",
    "Hospital waiting lists hit record high despite extra funding",
    "Train drivers announce new walkouts in long-running pay dispute",
    "Wildfires force thousands to flee homes in southern California",
    "Parliament votes to lower the voting age to 16",
    "Supreme court to hear challenge to federal abortion pill rules",
    "Record number of migrants cross the Channel in small boats",
    "The town that banned smartphones for under-16s",
    "What the new tariffs mean for your weekly shopping bill",
    "Inside the race to build the world's biggest battery",
    "Five takeaways from the final presidential debate",
    "Ukraine war briefing: Kyiv hit by overnight missile barrage",
    "Pope calls for peace in Christmas address to diplomats",
    "Former minister charged with bribery after two-year inquiry",
    "Heatwave in Australia breaks December temperature records",
    "Spotify to raise subscription prices in 40 markets",
    "Amazon workers stage strike at seven US warehouses",
    "Man arrested after car drives into crowd at Christmas market",
    "Scientists warn Antarctic ice loss is accelerating",
    "India's election commission orders recount in three states",
    "Japan's central bank raises rates to highest level since 2008",
    "OpenAI unveils new model as rivals race to catch up",
    "Mexico's president vows to protect migrants from deportation",
    "Brazil's congress approves sweeping tax overhaul",
    "Kenya protests turn deadly as police fire on crowds",
    "Sudan's civil war: aid agencies warn of famine in Darfur",
    "Gaza aid convoy blocked at border crossing for third day",
    "Why are egg prices still so high?",
    "The best films of 2026 so far",
    "My year without a car: what I learned",
    "Taylor Swift announces extra dates for European tour",
    "Obituary: the actor who defined a generation of TV drama",
    "Arsenal beat Manchester United to stay top of the table",
    "Djokovic pulls out of Australian Open warm-up event",
    "Chancellor unveils plan to cut red tape for small firms",
    "Syria's new leaders promise elections within four years",
    "Greenland votes in election dominated by independence debate",
    "Netflix buys rights to live boxing in multibillion deal",
    "Families sue social media firms over teenage mental health",
    "Police chief resigns after damning report on racism",
]

ES_MORE = [
    "El Congreso convalida el decreto de ayudas a los afectados por la dana",
    "La Fiscalía pide seis años de cárcel para el exalcalde por malversación",
    "Los sindicatos convocan huelga general en la enseñanza pública",
    "El precio de la luz se dispara un 30% por la ola de frío",
    "Bruselas aprueba el plan de recuperación y libera 10.000 millones",
    "Detenidas 14 personas en una operación contra el narcotráfico en Algeciras",
    "El Atlético gana en Mestalla y se acerca al liderato",
    "La ola de frío deja temperaturas de hasta 12 grados bajo cero",
    "Milei anuncia un nuevo paquete de privatizaciones en Argentina",
    "México y Estados Unidos pactan un acuerdo migratorio temporal",
    "Colombia y el ELN retoman las negociaciones de paz en Caracas",
    "El Banco de España eleva su previsión de crecimiento al 2,8%",
    "Qué se sabe del apagón que dejó sin luz a medio país",
    "Así será el nuevo abono único de transporte para toda España",
    "Cinco claves para entender la reforma de las pensiones",
    "Muere la actriz que protagonizó las grandes comedias de los ochenta",
    "La sequía obliga a restringir el agua en 80 municipios de Andalucía",
    "El Gobierno catalán presenta unos presupuestos expansivos",
    "Un terremoto de magnitud 6,2 sacude el sur de Chile",
    "Los hoteles baten récord de ocupación en el puente de diciembre",
    "La Policía desarticula una red de estafas telefónicas a mayores",
    "El Papa recibe a los líderes europeos en el Vaticano",
    "Netflix rodará en Galicia su próxima gran serie española",
    "Carlos Alcaraz renuncia a la Copa Davis por lesión",
    "El Senado veta la ley de amnistía y la devuelve al Congreso",
    "Los precios de los alimentos bajan por primera vez en tres años",
    "Un estudio alerta del aumento de la ansiedad entre los adolescentes",
    "La Justicia europea tumba la multa de Bruselas a Google",
    "Crónica del clásico: un partido para la historia en el Bernabéu",
    "Guía para pedir la ayuda del bono social térmico",
    "El PNV exige el traspaso de la Seguridad Social antes de los presupuestos",
    "Venezuela libera a una decena de presos políticos",
    "Petro remodela su Gobierno tras la salida de tres ministros",
    "Bolivia declara la emergencia nacional por los incendios",
    "Los controladores aéreos franceses anuncian huelga en Navidad",
    "Una investigación revela contratos a dedo en plena pandemia",
    "El Museo del Prado recupera un Goya perdido durante un siglo",
    "La vivienda de segunda mano sube un 9% en un año",
]

PEOPLE_EN_MORE = [
    "Marina Hyde",
    "Jonathan Freedland",
    "Andrew Roth",
    "Emma Graham-Harrison",
    "Julian Borger",
    "Polly Toynbee",
    "Larry Elliott",
    "Jessica Elgot",
    "Kiran Stacey",
    "Rachel Hall",
]

PEOPLE_ES_MORE = [
    "Ignacio Escolar",
    "Rosa María Artal",
    "Neus Tomàs",
    "Iñigo Sáenz de Ugarte",
    "Lola García",
    "Enric Juliana",
    "Fernando Ónega",
    "Pilar Rahola",
    "Marta Nieto",
    "Sergio Heredia",
]


def en(rng: random.Random) -> Pool:
    return Pool(T.EN + EN_MORE, rng)


def es(rng: random.Random) -> Pool:
    return Pool(T.ES + ES_MORE, rng)


def ymd(rng: random.Random, *, old: float = 0.15) -> tuple[int, int, int]:
    """Today, yesterday, or (with probability `old`) a day late last month."""
    d = rng.choice([4, 4, 4, 3, 3]) if rng.random() > old else rng.choice([25, 27, 28, 29, 30])
    return 2026, (12 if d <= 4 else 11), d


MONTHS_EN = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def guardian_date(rng: random.Random) -> str:
    y, m, d = ymd(rng)
    return f"{y}/{MONTHS_EN[m - 1]}/{d:02d}"


def compact(rng: random.Random) -> str:
    y, m, d = ymd(rng)
    return f"{y}{m:02d}{d:02d}"


def unpadded(rng: random.Random) -> str:
    y, m, d = ymd(rng)
    return f"{y}/{m}/{d}"


def padded(rng: random.Random, sep: str = "/") -> str:
    y, m, d = ymd(rng)
    return f"{y}{sep}{m:02d}{sep}{d:02d}"


def hexid(rng: random.Random, n: int = 24) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def alnum(
    rng: random.Random, n: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789"
) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def uuid(rng: random.Random) -> str:
    import uuid as _uuid

    return str(_uuid.UUID(int=rng.getrandbits(128), version=4))
