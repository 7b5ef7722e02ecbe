"""Parse revenue texts from Wikipedia infoboxes into approximate US dollars.

Handles forms such as "8.861 billion Euros (2024)", "€ 1.996 billion", "US$ 394.3 billion",
"¥ 37.15 trillion", "£ 3,553.1 million", "SEK 12 billion" and "4.2B". Amounts are converted with
the fixed, approximate exchange rates of :data:`USD_PER_UNIT` (2024 averages, rounded): the demo
universe needs revenue bands, not accounting precision.
"""

from __future__ import annotations

import re

# US dollars per unit of each currency: approximate 2024 averages, fixed so builds are repeatable.
USD_PER_UNIT: dict[str, float] = {
    "USD": 1.0,
    "EUR": 1.08,
    "GBP": 1.28,
    "JPY": 0.0066,
    "CHF": 1.14,
    "SEK": 0.095,
    "NOK": 0.093,
    "DKK": 0.145,
    "CNY": 0.139,
    "HKD": 0.128,
    "INR": 0.012,
    "KRW": 0.00073,
    "CAD": 0.73,
    "AUD": 0.66,
    "BRL": 0.19,
    "PLN": 0.25,
}

_CURRENCY_MARKERS: tuple[tuple[str, str], ...] = (
    ("us$", "USD"),
    ("usd", "USD"),
    ("united states dollar", "USD"),
    ("jp¥", "JPY"),
    ("jpy", "JPY"),
    ("yen", "JPY"),
    ("cn¥", "CNY"),
    ("rmb", "CNY"),
    ("yuan", "CNY"),
    ("hk$", "HKD"),
    ("a$", "AUD"),
    ("c$", "CAD"),
    ("r$", "BRL"),
    ("€", "EUR"),
    ("eur", "EUR"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("pound", "GBP"),
    ("chf", "CHF"),
    ("sek", "SEK"),
    ("nok", "NOK"),
    ("dkk", "DKK"),
    ("₩", "KRW"),
    ("krw", "KRW"),
    ("kr", "SEK"),
    ("₹", "INR"),
    ("inr", "INR"),
    ("zł", "PLN"),
    ("pln", "PLN"),
    ("¥", "JPY"),
    ("$", "USD"),
)

_SCALES: tuple[tuple[str, float], ...] = (
    ("trillion", 1e12),
    ("billion", 1e9),
    ("bn", 1e9),
    ("million", 1e6),
    ("mn", 1e6),
    ("thousand", 1e3),
)
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([a-z]*)")
_SHORT_SCALES = {"b": 1e9, "m": 1e6, "k": 1e3, "t": 1e12}


def currency_of(text: str) -> str | None:
    """The ISO code of the currency ``text`` names (US dollars when only "$" appears)."""
    lowered = text.lower()
    for marker, code in _CURRENCY_MARKERS:
        if marker in lowered:
            return code
    return None


def parse_revenue_usd(text: str | None) -> int | None:
    """Approximate US dollars of a revenue text, or None when it cannot be read."""
    if not text:
        return None
    head = text.split("(")[0].lower().replace("\u00a0", " ")
    match = _NUMBER.search(head)
    if match is None:
        return None
    amount = float(match.group(1).replace(",", ""))
    amount *= _scale(head, match.group(2))
    currency = currency_of(head) or "USD"
    usd = amount * USD_PER_UNIT[currency]
    return round(usd) if usd >= 1 else None


def _scale(text: str, suffix: str) -> float:
    for word, factor in _SCALES:
        if word in text:
            return factor
    return _SHORT_SCALES.get(suffix, 1.0)
