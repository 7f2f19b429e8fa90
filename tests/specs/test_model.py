"""The pure parts of the spec model: slugs and display width."""

from __future__ import annotations

import pytest

from archwg.errors import UsageError
from archwg.specs.model import display_width, slugify, validate_slug


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Bars Probe Thing", "bars-probe-thing"),
        ("C++ / Rust?", "c-rust"),
        ("  Nova -- Compute API  ", "nova-compute-api"),
        ("Café résumé", "cafe-resume"),
        ("Über Größe", "uber-grosse"),
        ("東京", ""),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_validate_slug_refuses_paths_and_capitals():
    assert validate_slug("nova-compute-api") == "nova-compute-api"
    for bad in ("../etc", "Nova", "a--b", "-a", ""):
        with pytest.raises(UsageError, match="bad slug"):
            validate_slug(bad)


def test_display_width_counts_wide_characters_twice():
    assert display_width("Messaging") == 9
    assert display_width("メッセージ Patterns") == 19
    assert display_width("e\u0301") == 1  # a combining accent takes no column
