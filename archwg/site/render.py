"""``archwg site``: the status report rendered as a static site, written atomically.

Everything the pages need ships in this package (templates, CSS, a little
JavaScript for sorting and filtering); nothing is loaded from the network.
Jinja2 escapes every value (autoescape on): the templates never mark people's
text safe.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from archwg.dates import long_day
from archwg.errors import BadInput
from archwg.site.model import StatusReport, report_json

HERE = Path(__file__).resolve().parent
STATIC_FILES = ("style.css", "site.js")
# Written into every site: only a folder holding it (or nothing) is ever swapped out by a rebuild.
MARKER = ".archwg-site"
# What a site built before the marker existed holds: such a folder is a site too.
SITE_FILES = ("index.html", "status.json", "feed.xml")

# Lifecycle order, so that sorting by status follows the life of a spec.
STATUS_ORDER = ("draft", "proposed", "accepted", "active", "tabled", "completed", "rejected", "withdrawn",
                "abandoned")


@dataclass(frozen=True)
class SiteResult:
    outdir: Path
    index: Path
    pages: int
    notices: tuple[str, ...] = ()  # about the review data (missing, old, damaged), as `archwg status` words them


def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["days"] = _days_text
    env.filters["long_day"] = long_day  # English names whatever the locale (not strftime's %A %B)
    env.globals["status_rank"] = status_rank
    return env


def status_rank(status: str | None) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def _days_text(days: int | None) -> str:
    if days is None:
        return "-"
    if days == 0:
        return "today"
    return f"{days} day{'s' if days != 1 else ''}"


def spec_age(created: str | None, now: datetime) -> int | None:
    try:
        return (now.date() - date.fromisoformat(created or "")).days
    except ValueError:
        return None


def render_pages(report: StatusReport, log_sources: dict[str, str]) -> dict[str, str]:
    """Every page of the site: relative path -> text. Pure apart from reading the templates.

    *log_sources*: a meeting's source (relative to the repository) -> where its
    copy sits in the site, for the links to the logs.
    """
    from archwg.site.charts import open_items_chart, status_changes_chart

    env = environment()
    now = report.generated
    common = dict(report=report, now=now, spec_age=spec_age, logs=log_sources)
    pages: dict[str, str] = {}

    def page(name: str, template: str, root: str = "", **values) -> None:
        pages[name] = env.get_template(template).render(root=root, page=name, **common, **values)

    kinds = sorted({spec.kind for spec in report.specs if spec.kind})
    statuses = sorted({spec.status for spec in report.specs if spec.status}, key=status_rank)
    page("index.html", "index.html", kinds=kinds, statuses=statuses)
    for spec in report.specs:
        page(f"specs/{spec.slug}.html", "spec.html", root="../", spec=spec)
    points = report.meetings.points if report.meetings else ()
    page("meetings.html", "meetings.html", items_chart=open_items_chart(points),
         changes_chart=status_changes_chart(report.status_changes))
    page("reviews.html", "reviews.html")
    page("queries.html", "queries.html")
    pages["status.json"] = json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
    pages["feed.xml"] = atom_feed(report)
    return pages


def atom_feed(report: StatusReport) -> str:
    """Status changes (from the History tables) and merged changes, newest first, as Atom."""
    from feedgen.feed import FeedGenerator

    tag = "archwg," + report.generated.strftime("%Y")
    feed = FeedGenerator()
    feed.id(f"tag:{tag}:{report.group or 'group'}")
    feed.title(f"{report.group or 'Working group'}: spec status")
    feed.author({"name": report.group or "archwg"})
    feed.link(href="index.html", rel="alternate")
    feed.updated(report.generated)
    feed.generator("archwg")
    entries = []
    for change in report.status_changes:
        try:
            when = datetime.combine(date.fromisoformat(change.date), datetime.min.time(), timezone.utc)
        except ValueError:
            continue
        entries.append((when, f"tag:{tag}:status/{change.slug}/{change.date}/{change.status}",
                        f"{change.title}: {change.status}", change.note, f"specs/{change.slug}.html"))
    for view in report.merged:
        item = view.change
        entries.append((item.updated, f"tag:{tag}:merged/{item.number}",
                        f"Merged {item.number}: {item.subject}", f"by {item.owner}", item.url))
    # feedgen puts the last added entry first: add oldest first for a newest-first feed.
    for when, entry_id, title, summary, link in sorted(entries, key=lambda entry: (entry[0], entry[1])):
        entry = feed.add_entry()
        entry.id(entry_id)
        entry.title(title)
        entry.summary(summary or title)
        entry.link(href=link)
        entry.updated(when)
    return feed.atom_str(pretty=True).decode("utf-8")


def git_repository_of(path: Path) -> Path | None:
    """The git working tree *path* is in (the nearest folder above holding ``.git``), or None."""
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def check_outdir(outdir: Path, protected: tuple[Path, ...]) -> None:
    """Refuse an OUTDIR whose swap would delete something that is not an archwg site.

    The swap replaces the whole folder, so ``archwg site .`` at a repository's
    root would delete the repository: only an empty folder or a site archwg
    built may be replaced, and never one that is or holds a repository.
    """
    outdir = outdir.resolve()
    for path in protected:
        path = path.resolve()
        if outdir == path or outdir in path.parents:
            raise BadInput(f"{outdir}: refusing to build the site there: it holds the repository {path}")
    if not outdir.exists():
        return
    if not outdir.is_dir():
        raise BadInput(f"{outdir}: refusing to build the site there: not a folder")
    if (outdir / MARKER).is_file() or all((outdir / name).is_file() for name in SITE_FILES):
        return
    if any(outdir.iterdir()):
        raise BadInput(f"{outdir}: refusing to build the site there: the folder is not empty and holds "
                       f"no archwg site ({MARKER} is missing); name an empty or new folder")


def write_site(pages: dict[str, str], outdir: Path, copies: dict[str, Path],
               protected: tuple[Path, ...] = ()) -> None:
    """Write the site into a temporary folder beside *outdir*, then swap it into place.

    A failure at any point leaves the previous site as it was. *protected*:
    folders (repositories) that *outdir* must neither be nor hold.
    """
    outdir = outdir.resolve()
    check_outdir(outdir, protected)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.new-", dir=outdir.parent))
    old = None
    try:
        (staging / MARKER).write_text("built by `archwg site`; a rebuild replaces this whole folder\n",
                                      encoding="utf-8")
        for name, text in pages.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for name in STATIC_FILES:
            shutil.copyfile(HERE / "static" / name, staging / name)
        for name, source in copies.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        staging.chmod(0o755)
        if outdir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.old-", dir=outdir.parent))
            outdir.rename(old / "site")
        staging.rename(outdir)
    except BaseException:
        if old is not None and (old / "site").exists() and not outdir.exists():
            (old / "site").rename(outdir)  # the new site did not take its place: put the old one back
        if old is not None and not (old / "site").exists():
            shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(config, outdir: Path, now: datetime, warn: Callable[[str], None] | None = None,
               reviews=True) -> SiteResult:
    """The one core function behind ``archwg site``: read *config*'s repository, render, write atomically.

    *config*: the run's Config. *reviews*: True reads the repository's Gerrit
    snapshot; a ReviewInput or None stands in for it.
    """
    from archwg.site.gather import gather_report
    from archwg.site.reviews import read_reviews

    root = config.root
    if reviews is True:
        reviews = read_reviews(config, now)
    report, series = gather_report(config, now, warn, reviews=reviews)
    log_sources = {meeting.source: f"logs/{Path(meeting.source).name}" for meeting in series.meetings}
    copies = {target: root / source for source, target in log_sources.items() if (root / source).is_file()}
    pages = render_pages(report, log_sources)
    here = git_repository_of(Path.cwd().resolve())
    write_site(pages, outdir, copies, protected=(root, *((here,) if here else ())))
    return SiteResult(outdir.resolve(), outdir.resolve() / "index.html", len(pages),
                      reviews.notices if reviews else ())
