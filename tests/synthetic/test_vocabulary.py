"""The shared vocabulary: each table is defined once and every universe reads that one object."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import lookalike.synthetic
from lookalike.synthetic import contacts, files, vocabulary


def _module_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names.update(
            t.id for t in targets if isinstance(t, ast.Name) and t.id.lstrip("_").isupper()
        )
    return names


def test_no_constant_is_defined_in_two_synthetic_modules() -> None:
    package = Path(lookalike.synthetic.__file__).parent
    defined_in: dict[str, list[str]] = defaultdict(list)
    for path in sorted(package.glob("*.py")):
        for name in _module_constants(path):
            defined_in[name].append(path.name)

    assert {name: where for name, where in defined_in.items() if len(where) > 1} == {}


def test_demo_contacts_and_bench_files_read_the_same_country_tables() -> None:
    assert contacts.FOREIGN_LANGUAGE_BY_COUNTRY is vocabulary.FOREIGN_LANGUAGE_BY_COUNTRY
    assert files.FOREIGN_LANGUAGE_BY_COUNTRY is vocabulary.FOREIGN_LANGUAGE_BY_COUNTRY
    assert contacts.FOREIGN_TITLE_SHARE is files.FOREIGN_TITLE_SHARE


def test_every_title_language_has_names_and_titles() -> None:
    for language in set(vocabulary.FOREIGN_LANGUAGE_BY_COUNTRY.values()):
        assert vocabulary.first_names(language) and vocabulary.last_names(language)
        assert vocabulary.foreign_titles(language)
