"""A fine NAICS code read from a company's text when it was imported without one."""

from __future__ import annotations

from lookalike.taxonomy.naics_inference import infer_naics
from lookalike.taxonomy.naics_items import evaluation_items
from lookalike.text_model import text_model


def codes_of(*texts: str) -> list[str | None]:
    return infer_naics(text_model().embed(list(texts)))


def test_a_label_or_description_gets_the_code_of_its_activity() -> None:
    pharma, bank, software = codes_of(
        "Pharmaceuticals",
        "Commercial banking: deposits, commercial lending and mortgages",
        "Software publisher: enterprise software and cloud applications",
    )
    assert pharma is not None and pharma.startswith("3254")
    assert bank is not None and bank.startswith("5221")
    assert software is not None and software.startswith("5132")


def test_text_that_says_nothing_gets_no_code() -> None:
    assert codes_of("", "   ") == [None, None]


def test_held_out_index_items_are_mostly_placed_in_their_sector() -> None:
    items = evaluation_items()[::25]  # never learnt from: the evaluation data's text
    found = codes_of(*(text for _, text in items))
    in_sector = sum(
        1 for (code, _), guess in zip(items, found, strict=True) if guess and guess[:2] == code[:2]
    )
    assert in_sector / len(items) >= 0.6
