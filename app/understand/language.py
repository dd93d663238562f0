"""Questions in Spanish: read through a small glossary of tax words, and told, in Spanish, what was read.

Writeoff answers in English (the IRS texts it quotes are English). A Spanish question is not refused: its tax words
("pérdida", "ganancia", "vendí", "soltero", "más de un año") are mapped to the English the reader knows, and the answer
opens with a Spanish sentence listing the figures and facts it read, so the person can check them.
"""
from __future__ import annotations

import re
from decimal import Decimal

_ES_MARKERS = re.compile(r"\b(?:el|los|las|una|por|para|que|pérdida|pérdidas|perdida|ganancia|ganancias|impuestos|"
                         r"vendí|vendi|acciones|cuánto|cuanto|puedo|cuenta|soltero|soltera|casado|casada|del|hola|lo|"
                         r"me|sobra|pierdo|año|años|tenía|tengo)\b", re.IGNORECASE)

# Spanish -> English, longest phrases first; only what the case reader needs.
GLOSSARY: list[tuple[str, str]] = [
    (r"m[aá]s\s+de\s+un\s+a[ñn]o", "more than a year, long-term"),
    (r"menos\s+de\s+un\s+a[ñn]o", "less than a year, short-term"),
    (r"a\s+corto\s+o\s+a\s+largo\s+plazo", "short-term or long-term"),
    (r"largo\s+plazo", "long-term"), (r"corto\s+plazo", "short-term"),
    # holding periods: "las tuve solo 7 meses", "que tenía desde 2020"
    (r"(?:las|los)?\s*tuve\s+(?:s[oó]lo\s+|solamente\s+)?(\d+)\s+meses", r" held for \1 months"),
    (r"(\d+)\s+meses", r"\1 months"), (r"(\d+)\s+a[ñn]os", r"\1 years"),
    (r"ten[ií]a\s+desde", "had since"), (r"\bdesde\b", "since"), (r"no\s+tuve", "I had no"),
    (r"cu[aá]nto\s+me\s+dejan\s+(?:restar|deducir)", "how much can I deduct"),
    (r"cu[aá]nto\s+puedo\s+(?:restar|deducir)", "how much can I deduct"),
    (r"puedo\s+(?:restar|deducir)", "can I deduct"),
    (r"lo\s+que\s+sobra\s+qu[eé]", "what happens to the rest"), (r"lo\s+que\s+sobra", "what is left"),
    (r"lo\s+pierdo", "do I lose it"),
    (r"qu[eé]\s+pasa\s+con", "what happens to"), (r"\bpasan?\s+a\b", "carries to"), (r"el\s+resto", "the rest"),
    (r"(?:de\s+)?mis\s+ingresos", "of my income"), (r"\bcomo\b", "as"),
    (r"mi\s+esposa", "my wife"), (r"mi\s+esposo", "my husband"),
    (r"perd[ií]\b", "I lost"), (r"vend[ií]", "I sold"), (r"compr[eé]", "I bought"), (r"acciones", "shares"), (r"fondos", "funds"),
    (r"p[eé]rdidas?", "loss"), (r"ganancias?", "gain"), (r"impuestos\s+federales", "federal taxes"),
    (r"impuestos", "taxes"), (r"solter[oa]", "single"), (r"casad[oa]s?", "married"), (r"jubilad[oa]", "retired"),
    (r"declaraci[oó]n\s+conjunta", "joint return"), (r"por\s+separado", "filing separately"),
    (r"con\s+una", "with a"), (r"y\s+otras", "and other"), (r"todas\s+las\s+ten[ií]a\s+hace", "all held for"),
    (r"\bhace\b", "held for"), (r"\bde\b", "of"), (r"\ben\b", "in"), (r"\by\b", "and"),
]
_GLOSSARY_RES = [(re.compile(p, re.IGNORECASE), en) for p, en in GLOSSARY]

_ROLE_ES = {"loss": "una pérdida", "gain": "una ganancia", "carryover": "una pérdida trasladada (carryover)",
            "income": "ingresos", "proceeds": "un precio de venta", "cost": "un costo"}


def detect(text: str) -> str | None:
    """'es' when the text reads as Spanish (several Spanish function or tax words, few English ones)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    spanish = len(_ES_MARKERS.findall(text))
    english = sum(w in ("the", "my", "i", "is", "can", "and", "of", "loss", "sold", "what", "how") for w in words)
    return "es" if spanish >= 3 and spanish > english else None


def to_english(text: str) -> str:
    out = text.replace("¿", " ").replace("¡", " ")
    for rx, en in _GLOSSARY_RES:
        out = rx.sub(en, out)
    return re.sub(r"\s+", " ", out).strip()


def _money(v: Decimal) -> str:
    return f"${v:,.0f}" if v == v.to_integral_value() else f"${v:,.2f}"


def what_was_read(amounts: list[tuple[str | None, Decimal, frozenset[str]]], year: int, filing: str | None) -> str:
    """One Spanish sentence: the figures and facts the answer is based on."""
    parts = []
    for role, value, quals in amounts:
        name = _ROLE_ES.get(role or "", "un importe")
        term = " a largo plazo" if "long_term" in quals else " a corto plazo" if "short_term" in quals else ""
        parts.append(f"{name} de {_money(value)}{term}")
    status = {"single": ", soltero", "mfj": ", casados con declaración conjunta", "mfs": ", casado por separado"}.get(
        filing or "", "")
    read = "; ".join(parts) if parts else "ningún importe"
    return (f"Respondo en inglés, que es el idioma de las publicaciones del IRS que cito. Entendí: {read}; año fiscal "
            f"{year}{status}. Si algo no es correcto, dígamelo.")
