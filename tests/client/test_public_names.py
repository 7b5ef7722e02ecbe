from __future__ import annotations

import lookalike.client
from lookalike.errors import LookalikeError


def test_all_names_every_public_name_of_the_client_package() -> None:
    public = {
        name
        for name, value in vars(lookalike.client).items()
        if not name.startswith("_") and isinstance(value, type)
    }
    assert public == set(lookalike.client.__all__)


def test_every_exported_error_belongs_to_the_one_error_tree() -> None:
    errors = [
        getattr(lookalike.client, name)
        for name in lookalike.client.__all__
        if name.endswith("Error")
    ]
    assert errors and all(issubclass(error, LookalikeError) for error in errors)
