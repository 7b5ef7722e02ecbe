"""Text normalisation shared by the taxonomy matchers: lower case, no accents, plain words."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9&+#]+")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})


def fold_accents(text: str) -> str:
    """Lower-case ``text`` and strip diacritics ("Geschäftsführer" -> "geschaftsfuhrer")."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    lowered = lowered.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The accent-folded, lower-case words of ``text``; ``&``, ``+`` and ``#`` stay in words."""
    return [word for word in _NON_WORD.split(fold_accents(text)) if word]


def normalize(text: str) -> str:
    """``text`` as space-joined folded words, the canonical key for lookups."""
    return " ".join(words(text))
