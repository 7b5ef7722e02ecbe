from __future__ import annotations

import pytest

from lookalike.taxonomy.industries import (
    naics_codes,
    naics_for_label,
    naics_parents,
    naics_sector,
    naics_similarity,
    naics_title,
)


def test_titles_of_codes_at_every_level() -> None:
    assert naics_title("52") == "Finance and Insurance"
    assert naics_title("334413") == "Semiconductor and Related Device Manufacturing"
    assert naics_title("33") == "Manufacturing"
    assert naics_title("999999") is None


@pytest.mark.parametrize(
    ("code", "sector"),
    [("334413", "31"), ("32", "31"), ("45", "44"), ("493110", "48"), ("5112", "51")],
)
def test_sector_folds_the_two_digit_ranges(code: str, sector: str) -> None:
    assert naics_sector(code) == sector


def test_parents_run_from_the_nearest_to_the_sector() -> None:
    assert naics_parents("334413") == ["33441", "3344", "334", "31"]


def test_similarity_grows_with_the_shared_prefix() -> None:
    assert naics_similarity("334413", "334413") == 1.0
    assert naics_similarity("334413", "334418") > naics_similarity("334413", "334111") > 0
    assert naics_similarity("31", "33") == 1.0
    assert naics_similarity("52", "334413") == 0.0


@pytest.mark.parametrize(
    ("label", "prefix"),
    [
        ("Financial services", "52"),
        ("Automotive", "3361"),
        ("Semiconductors", "3344"),
        ("Pharmaceuticals", "3254"),
        ("Retail", "44"),
        ("Software", "5132"),
        ("Payment processor , technology , e-commerce , point of sale", "522"),
        ("Cement", "3273"),
        ("Mining equipment", "3331"),
    ],
)
def test_free_labels_map_to_a_fitting_naics_code(label: str, prefix: str) -> None:
    code = naics_for_label(label)
    assert code is not None
    assert code.startswith(prefix)
    assert naics_title(code) is not None


def test_empty_or_meaningless_labels_map_to_nothing() -> None:
    assert naics_for_label("") is None
    assert naics_for_label("zzqx") is None


def test_codes_include_every_level() -> None:
    codes = set(naics_codes())
    assert {"31", "32", "33", "311", "3111", "311111"} <= codes


def test_every_hand_mapped_label_names_a_known_code() -> None:
    from lookalike.taxonomy.industry_labels import INDUSTRY_LABEL_CODES

    unknown = {
        label: code for label, code in INDUSTRY_LABEL_CODES.items() if naics_title(code) is None
    }
    assert unknown == {}
