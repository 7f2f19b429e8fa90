"""Finding and loading the specs of a repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from archwg.errors import ArchwgError, SpecNotFound, UsageError
from archwg.specs.model import FOLDER_OF_KIND, Spec, validate_slug
from archwg.specs.parse import SpecParser, read_spec

if TYPE_CHECKING:
    from archwg.specs.history import HistoryRow


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
    parser = SpecParser()
    for path in spec_paths(root):
        try:
            specs.append(read_spec(path, parser))
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


def select_specs(root: Path, kind: str | None = None, status: str | None = None,
                 warn: Callable[[str], None] | None = None) -> list[Spec]:
    """The readable specs of the repository of *kind* and *status* (None: any): ``list``."""
    from archwg.specs.model import STATUSES

    if kind and status and status not in STATUSES[kind]:
        raise UsageError(f"a {kind} is never {status} (statuses: {', '.join(STATUSES[kind])})")
    return [
        spec
        for spec in load_specs(root, warn=warn)
        if (kind is None or spec.kind == kind) and (status is None or spec.status == status)
    ]


@dataclass(frozen=True)
class SpecDetails:
    """One spec as ``show`` gives it: its metadata and sections, and the rows of its History table."""

    spec: Spec
    history: tuple[HistoryRow, ...]


def spec_details(root: Path, slug: str) -> SpecDetails:
    from archwg.specs.history import read_history

    path = find_spec_path(root, slug)
    spec = read_spec(path)
    return SpecDetails(spec, tuple(read_history(path.read_text(encoding="utf-8"))))
