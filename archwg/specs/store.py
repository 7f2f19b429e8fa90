"""Finding and loading the specs of a repository."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from archwg.errors import ArchwgError, SpecNotFound, UsageError
from archwg.specs.model import FOLDER_OF_KIND, Spec, validate_slug
from archwg.specs.parse import read_spec


def spec_paths(root: Path) -> list[Path]:
    """Every spec file of the repository: specs/*.rst then workstreams/*.rst, sorted."""
    paths: list[Path] = []
    for folder in FOLDER_OF_KIND.values():
        paths.extend(sorted(path for path in (root / folder).glob("*.rst") if path.is_file()))
    return paths


def load_specs(root: Path, warn: Callable[[str], None] | None = None) -> list[Spec]:
    """Every spec that can be read; one that cannot is reported through *warn* and left out.

    Listing must not stop at one broken file: ``archwg check`` says what is wrong with it.
    """
    specs = []
    for path in spec_paths(root):
        try:
            specs.append(read_spec(path))
        except (ArchwgError, OSError) as error:
            if warn is None:
                raise
            warn(f"{path.relative_to(root)}: skipped: {error}")
    return specs


def find_spec_path(root: Path, slug: str) -> Path:
    """The one file named *slug*; two files with one slug are refused, as ``archwg check`` does."""
    validate_slug(slug)
    found = [root / folder / f"{slug}.rst" for folder in FOLDER_OF_KIND.values()]
    found = [path for path in found if path.is_file()]
    if len(found) > 1:
        names = " and ".join(str(path.relative_to(root)) for path in found)
        raise UsageError(f"slug {slug!r} names two specs, {names}: rename one (archwg check reports it too)")
    if found:
        return found[0]
    known = ", ".join(path.stem for path in spec_paths(root)) or "none"
    raise SpecNotFound(f"no spec named {slug!r} in {root} (known: {known})")


def find_spec(root: Path, slug: str) -> Spec:
    return read_spec(find_spec_path(root, slug))


def existing_spec_path(root: Path, slug: str) -> Path | None:
    """The file that already uses *slug*, in either folder: one slug names one spec."""
    for folder in FOLDER_OF_KIND.values():
        path = root / folder / f"{slug}.rst"
        if path.exists():
            return path
    return None
