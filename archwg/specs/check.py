"""``archwg check``'s run: the lint of ``specs/lint.py`` over files, in worker processes when there are many.

Paths are shown relative to the working directory when they are under it,
absolute otherwise, so that editors and terminals can open them as printed.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from archwg.config import find_repository, find_repository_or_none, is_spec_repository
from archwg.errors import BadInput, NotARepository, UsageError
from archwg.specs.lint import (
    Problem,
    RequiredSection,
    expected_kind,
    lint_repository,
    lint_spec,
    required_sections,
    template_placeholders,
)
from archwg.specs.model import FOLDER_OF_KIND, PROPOSAL, WORKSTREAM
from archwg.specs.render import template_path
from archwg.specs.store import spec_paths

# docutils takes ~10 ms a spec; from this many files on, spreading them over
# processes pays for starting the processes.
PARALLEL_FROM = 64


@dataclass(frozen=True)
class CheckRun:
    files: tuple[Path, ...]  # what was checked
    problems: tuple[Problem, ...]  # sorted by path, line


def check_specs(paths: tuple[str, ...], repo: str | None, cwd: Path) -> CheckRun:
    """Lint *paths* (none: every spec of the repository) against the templates of their repository.

    *repo* is ``--repo`` (None: the repository holding the first file, else
    the working directory's); *cwd* is where paths are shown relative to.
    """
    if paths:
        files = list(dict.fromkeys(_spec_file(path) for path in paths))  # specs/a.rst and ./specs/a.rst are one file
        root = _repository_of(repo, files[0])
    else:
        root = find_repository(repo)
        files = spec_paths(root)
    return CheckRun(tuple(files), tuple(check_files(root, files, cwd)))


def check_files(root: Path, files: list[Path], cwd: Path, workers: int | None = None) -> list[Problem]:
    """Lint *files* against the templates of the repository at *root*; problems sorted by path, line.

    *workers* is the number of processes (default: one per CPU when there are
    many files, else none).
    """
    templates = _TemplateSections(root)
    repository_files = spec_paths(root)
    display = {path: _display(path, cwd) for path in (*files, *repository_files)}
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if len(files) >= PARALLEL_FROM else 1
    problems: list[Problem] = []
    for path, file_problems in zip(files, _lint_files(files, templates, workers)):
        problems.extend(dataclasses.replace(problem, path=display[path]) for problem in file_problems)
    problems.extend(lint_repository([display[path] for path in files], [display[path] for path in repository_files]))
    problems.extend(_placement_problems(root, files, display))
    # sorted() is stable: problems on one line keep the order the rules found them in.
    return sorted(problems, key=lambda problem: (problem.path, problem.line))


def _placement_problems(root: Path, files: list[Path], display: dict[Path, str]) -> list[Problem]:
    """A spec anywhere but directly in specs/ or workstreams/ is one that list, show and the site never see."""
    homes = {(root / folder).resolve() for folder in FOLDER_OF_KIND.values()}
    return [
        Problem(display[path], 1, f"not a spec of {root.name}: specs live directly in specs/ or workstreams/")
        for path in files
        if path.resolve().parent not in homes
    ]


def _lint_files(files: list[Path], templates: "_TemplateSections", workers: int):
    """The problems of each file, in the order of *files*."""
    from archwg.specs.parse import SpecParser

    lint_one = functools.partial(_check_file, templates=templates, parser=SpecParser())
    if workers <= 1:
        return [lint_one(path) for path in files]
    from concurrent.futures import ProcessPoolExecutor

    # Each process gets its own copy of *templates* and fills its cache once;
    # an error there (a missing template) is re-raised here by map().
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lint_one, files, chunksize=max(1, len(files) // (workers * 4))))


def _check_file(path: Path, templates: "_TemplateSections", parser) -> list[Problem]:
    from archwg.specs.parse import parse_spec

    try:
        data = path.read_bytes()
    except OSError as error:
        return [Problem(str(path), 1, f"cannot read the file: {error.strerror or error}")]
    try:
        # Decoded by hand, not read_text(): universal newlines would hide CRs from the lint.
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [Problem(str(path), line, f"not UTF-8 text (byte 0x{data[error.start]:02x})")]
    return _lint_text(parse_spec(text, path, parser), text, templates)


def _lint_text(spec, text: str, templates: "_TemplateSections") -> list[Problem]:
    kind = expected_kind(spec)
    if kind is None:
        return lint_spec(spec, text, None)
    return lint_spec(spec, text, templates.get(kind), templates.placeholders(kind))


def lint_planned(root: Path, path: Path, text: str) -> list[Problem]:
    """The problems ``archwg check`` would report in *path* (relative to *root*) were *text* its content:
    a change judged before it is made. Problems name *path* as given."""
    from archwg.specs.parse import parse_spec

    return _lint_text(parse_spec(text, path), text, _TemplateSections(root))


class _TemplateSections:
    """The required sections and placeholders of each kind, read from the repository's templates once per run
    (a repository without templates/ uses the packaged defaults)."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, tuple[tuple[RequiredSection, ...], tuple[str, ...]]] = {}

    def get(self, kind: str) -> tuple[RequiredSection, ...]:
        return self._read(kind)[0]

    def placeholders(self, kind: str) -> tuple[str, ...]:
        """The template's placeholders; a workstream's include the proposal template's, since
        ``archwg accept`` carries a proposal's text over into the workstream unchanged."""
        kinds = (PROPOSAL, kind) if kind == WORKSTREAM else (kind,)
        return tuple(dict.fromkeys(text for each in kinds for text in self._read(each)[1]))

    def _read(self, kind: str) -> tuple[tuple[RequiredSection, ...], tuple[str, ...]]:
        if kind not in self.cache:
            template = template_path(self.root, kind)
            if not template.is_file():
                raise BadInput(f"{template}: no such template; check reads the sections a {kind} needs from it")
            try:
                text = template.read_text(encoding="utf-8")
                self.cache[kind] = (required_sections(text), template_placeholders(text))
            except UnicodeDecodeError:
                raise BadInput(f"{template}: not UTF-8 text") from None
            except BadInput as error:
                raise BadInput(f"{template}: {error}") from None
        return self.cache[kind]


def _spec_file(argument: str) -> Path:
    path = Path(argument)
    if not path.exists():
        raise UsageError(f"{argument}: no such file")
    if not path.is_file() or path.suffix != ".rst":
        raise UsageError(f"{argument}: not a .rst file")
    return path.resolve()


def _repository_of(repo: str | None, first_file: Path) -> Path:
    """The repository whose templates apply: --repo, else the one holding the file, else the cwd's."""
    if repo is not None:
        return find_repository(repo)
    for folder in first_file.parents:
        if is_spec_repository(folder):
            return folder
    root = find_repository_or_none()
    if root is None:
        raise NotARepository(
            f"{first_file}: not in a spec repository, so there are no templates to check it against; use --repo"
        )
    return root


def _display(path: Path, cwd: Path) -> str:
    path = path.resolve()
    try:
        return str(path.relative_to(cwd.resolve()))
    except ValueError:
        return str(path)
