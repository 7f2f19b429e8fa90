"""``archwg check [PATH ...]``: lint specs, one ``path:line: message`` per problem.

Paths are shown relative to the working directory when they are under it,
absolute otherwise, so that editors and terminals can open them as printed.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path

import click

from archwg.commands.common import echo_json, format_option, repo_option, repository
from archwg.config import find_repository, find_repository_or_none, is_spec_repository
from archwg.errors import BadInput, NotARepository, UsageError
from archwg.specs.lint import Problem, RequiredSection, expected_kind, lint_repository, lint_spec, required_sections
from archwg.specs.model import FOLDER_OF_KIND
from archwg.specs.render import template_path
from archwg.specs.store import spec_paths

# docutils takes ~10 ms a spec; from this many files on, spreading them over
# processes pays for starting the processes.
PARALLEL_FROM = 64


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option("text", "json")
@repo_option
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], output_format: str, repo: str | None) -> None:
    """Lint specs: metadata, sections, titles, whitespace and reST.

    With no PATH, every spec of the repository. Exit status: 0 when clean,
    1 when there are problems, 2 when the check could not run.
    """
    if paths:
        files = list(dict.fromkeys(_spec_file(path) for path in paths))  # specs/a.rst and ./specs/a.rst are one file
        root = _repository_of(ctx, repo, files[0])
    else:
        root = repository(ctx, repo)
        files = spec_paths(root)

    problems = check_files(root, files, Path.cwd())

    if output_format == "json":
        echo_json([problem.as_dict() for problem in problems])
    else:
        for problem in problems:
            click.echo(str(problem))
        specs = f"{len(files)} spec{'s' if len(files) != 1 else ''}"
        found = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "no problems"
        click.echo(f"checked {specs}: {found}", err=True)
    ctx.exit(1 if problems else 0)


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
    lint_one = functools.partial(_check_file, templates=templates)
    if workers <= 1:
        return [lint_one(path) for path in files]
    from concurrent.futures import ProcessPoolExecutor

    # Each process gets its own copy of *templates* and fills its cache once;
    # an error there (a missing template) is re-raised here by map().
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lint_one, files, chunksize=max(1, len(files) // (workers * 4))))


def _check_file(path: Path, templates: "_TemplateSections") -> list[Problem]:
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
    spec = parse_spec(text, path)
    kind = expected_kind(spec)
    return lint_spec(spec, text, templates.get(kind) if kind else None)


class _TemplateSections:
    """The required sections of each kind, read from the repository's templates once per run."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, tuple[RequiredSection, ...]] = {}

    def get(self, kind: str) -> tuple[RequiredSection, ...]:
        if kind not in self.cache:
            template = template_path(self.root, kind)
            if not template.is_file():
                raise BadInput(f"{template}: no such template; check reads the sections a {kind} needs from it")
            try:
                self.cache[kind] = required_sections(template.read_text(encoding="utf-8"))
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


def _repository_of(ctx: click.Context, repo: str | None, first_file: Path) -> Path:
    """The repository whose templates apply: --repo, else the one holding the file, else the cwd's."""
    named = repo if repo is not None else (ctx.find_root().obj or {}).get("repo")
    if named is not None:
        return find_repository(named)
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
