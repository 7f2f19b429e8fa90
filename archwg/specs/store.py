"""Finding and loading the specs of a repository."""

from __future__ import annotations

from pathlib import Path

from archwg.errors import SpecNotFound
from archwg.specs.model import FOLDER_OF_KIND, Spec
from archwg.specs.parse import read_spec


def spec_paths(root: Path) -> list[Path]:
    """Every spec file of the repository: specs/*.rst then workstreams/*.rst, sorted."""
    paths: list[Path] = []
    for folder in FOLDER_OF_KIND.values():
        paths.extend(sorted((root / folder).glob("*.rst")))
    return paths


def load_specs(root: Path) -> list[Spec]:
    return [read_spec(path) for path in spec_paths(root)]


def find_spec_path(root: Path, slug: str) -> Path:
    for folder in FOLDER_OF_KIND.values():
        candidate = root / folder / f"{slug}.rst"
        if candidate.is_file():
            return candidate
    known = ", ".join(path.stem for path in spec_paths(root)) or "none"
    raise SpecNotFound(f"no spec named {slug!r} in {root} (known: {known})")


def find_spec(root: Path, slug: str) -> Spec:
    return read_spec(find_spec_path(root, slug))
