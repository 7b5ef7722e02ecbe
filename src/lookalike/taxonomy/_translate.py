"""Job-title words of six languages rendered in English, so one rule set reads them all.

The tables (``data/titles/translations.tsv``) hold single words and short fixed phrases,
accent-folded and lower case. They also render English abbreviations and variants as the words
the rule tables hold ("mgr" -> "manager", "swe" -> "software engineer", "non executive director" ->
"board member"), map levels (L1-L4 to nothing, L5 and up to "senior") and drop words that name no
role (pronouns, the "m/w/d" of job ads, sales regions such as EMEA or DACH, "remote"): an empty
English rendering removes the word. German compounds ("Vertriebsleiter", "Softwareentwickler") are
split into a known modifier and a known head word before translation, and so are Dutch ones
("Verkoopmedewerker", "Softwareontwikkelaar"). The languages: German, French, Spanish, Italian,
Portuguese and Dutch. Words that are also English ("director", "marketing") pass through.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache

from lookalike.taxonomy._data import data_path
from lookalike.taxonomy._text import words


@dataclass(frozen=True, slots=True)
class Translations:
    """Foreign words and phrases in English, and the parts German compounds are split into."""

    phrases: dict[tuple[str, ...], str]
    words: dict[str, str]
    compound_modifiers: dict[str, str]
    compound_heads: tuple[str, ...]


@cache
def translations() -> Translations:
    """The tables, read once from ``data/titles/translations.tsv``."""
    tables = Translations({}, {}, {}, ())
    heads: list[str] = []
    with data_path("titles", "translations.tsv").open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            kind, term, english = row["kind"], row["term"], row["english"] or ""
            if kind == "phrase":
                tables.phrases[tuple(term.split())] = english
            elif kind == "word":
                tables.words[term] = english
            elif kind == "compound_modifier":
                tables.compound_modifiers[term] = english
            else:
                heads.append(term)
    # longest heads first, so "leiterin" is tried before "leiter"
    return Translations(
        tables.phrases,
        tables.words,
        tables.compound_modifiers,
        tuple(sorted(heads, key=len, reverse=True)),
    )


def _compound_modifier(modifier: str) -> str | None:
    tables = translations()
    return tables.compound_modifiers.get(modifier) or tables.words.get(modifier) or None


def split_compound(word: str) -> list[str] | None:
    """A German or Dutch compound as [modifier, head] in English, or None when it is not known."""
    tables = translations()
    for head in tables.compound_heads:
        if len(word) <= len(head) + 1 or not word.endswith(head):
            continue
        modifier = word[: -len(head)].rstrip("-")
        modifier = modifier.removesuffix(
            "fach"
        )  # "Steuerfachangestellte": tax (specialist) employee
        english = _compound_modifier(modifier) or _compound_modifier(modifier.removesuffix("s"))
        if english is None and modifier.endswith("en"):
            english = _compound_modifier(modifier[:-2])
        if english is not None:
            return [english, tables.words.get(head, head)]
    return None


def _is_unit_boss(source: list[str], position: int) -> bool:
    """Whether "jefe/jefa de <team or project>" starts at ``position``."""
    return (
        source[position] in {"jefe", "jefa"}
        and source[position + 1 : position + 2] == ["de"]
        and source[position + 2 : position + 3] != []
        and source[position + 2] in _MANAGED_UNITS
    )


_ENGLISH_ROLE_NOUNS = {
    "recruiter",
    "consultant",
    "controller",
    "designer",
    "developer",
    "manager",
    "analyst",
    "assistant",
    "specialist",
    "accountant",
    "engineer",
    "architect",
    "trainer",
    "coach",
    "partner",
}
_ENGLISH_AFTER_PERSONAL = {"assistant", "banker", "trainer", "care", "shopper", "lines", "injury"}


def _translate_word(word: str, following: str | None) -> str:
    if word == "personal" and following in _ENGLISH_AFTER_PERSONAL:
        return word
    return _translate_single(word)


@lru_cache(maxsize=100_000)
def _translate_single(word: str) -> str:
    known = translations().words
    if word in known:
        return known[word]
    if word.endswith("in") and word[:-2] in known:  # German feminine form of a known word
        return known[word[:-2]]
    if word.endswith("in") and word[:-2] in _ENGLISH_ROLE_NOUNS:  # "Recruiterin", "Partnerin"
        return word[:-2]
    if len(word) > 5 and word.endswith("s") and word[:-1] in known:  # "des Aufsichtsrats", plurals
        return known[word[:-1]]
    parts = split_compound(word) if len(word) > 8 else None
    return " ".join(parts) if parts else word


# A Spanish "jefe de" of a team, shift or project manages it; of a function (ventas), heads it.
_MANAGED_UNITS = {"equipo", "proyecto", "proyectos", "turno", "grupo", "obra", "tienda", "seccion"}


def to_english(text: str) -> list[str]:
    """The words of a title, its foreign words and phrases in English."""
    source = words(text)
    english: list[str] = []
    phrases = translations().phrases
    position = 0
    while position < len(source):
        if _is_unit_boss(source, position):
            english.append("manager")
            position += 2
            continue
        for length in (4, 3, 2):
            phrase = tuple(source[position : position + length])
            if len(phrase) == length and phrase in phrases:
                english.extend(phrases[phrase].split())
                position += length
                break
        else:
            following = source[position + 1] if position + 1 < len(source) else None
            english.extend(_translate_word(source[position], following).split())
            position += 1
    return english
