"""Revenue texts of the reference data read as approximate US dollars."""

from __future__ import annotations

import pytest

from lookalike.ingest.money import USD_PER_UNIT, parse_revenue_usd


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("8.861 billion Euros (2024)", 8.861e9 * USD_PER_UNIT["EUR"]),
        ("€ 1.996 billion (2024)", 1.996e9 * USD_PER_UNIT["EUR"]),
        ("US$ 394.3 billion", 394.3e9),
        ("¥ 37.15 trillion", 37.15e12 * USD_PER_UNIT["JPY"]),
        ("£ 3,553.1 million (2024)", 3553.1e6 * USD_PER_UNIT["GBP"]),
        ("SEK 4 billion", 4e9 * USD_PER_UNIT["SEK"]),
        ("US$ 1.1B", 1.1e9),
    ],
)
def test_revenue_texts_become_approximate_dollars(text: str, usd: float) -> None:
    assert parse_revenue_usd(text) == round(usd)


@pytest.mark.parametrize("text", ["", "n/a", None])
def test_unreadable_revenue_is_none(text: str | None) -> None:
    assert parse_revenue_usd(text) is None
