"""Generate a spec repository of many valid specs, rendered from the project's real templates.

    python benchmarks/generate_specs.py DIRECTORY [COUNT]

The benchmark uses it; it is also handy for trying ``archwg list`` and
``archwg check`` on a repository the size of a busy group's.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

WORDS = (
    "distributed locks messaging patterns placement nested resource providers "
    "compute api base services service catalog quotas policy metadata "
    "notifications versioned objects scheduling upgrades idempotent delete "
    "error codes logging microservices etcd graph"
).split()
NICKS = ("rockyg", "harlowja", "SpamapS", "ttx", "jroll", "cdent", "edleafe", "dims", "flaper87", "sdague")
STATUSES = {"proposal": ("draft", "proposed"), "workstream": ("active", "completed", "tabled", "abandoned")}
FOLDERS = {"proposal": "specs", "workstream": "workstreams"}


def generate(root: Path, count: int, seed: int = 2017) -> list[Path]:
    """Write *count* specs (every third one a proposal) into a new spec repository at *root*."""
    from archwg.specs.render import render_spec

    rng = random.Random(seed)  # the same repository on every run, so timings compare
    # The templates ship in the package now (archwg/templates/); a repository without templates/ uses them.
    shipped = PROJECT_ROOT / "archwg" / "templates"
    templates = {kind: (shipped / f"{kind}.rst.j2").read_text(encoding="utf-8") for kind in FOLDERS}
    for folder in FOLDERS.values():
        (root / folder).mkdir(parents=True, exist_ok=True)

    paths = []
    for number in range(count):
        kind = "proposal" if number % 3 == 0 else "workstream"
        words = [word.capitalize() for word in rng.sample(WORDS, rng.randint(2, 5))]
        title = f"{' '.join(words)} {number:04d}"
        slug = "-".join(title.lower().split())
        text = render_spec(
            templates[kind],
            title=title,
            status=rng.choice(STATUSES[kind]),
            champions=tuple(rng.sample(NICKS, rng.randint(1, 2))),
            created=date(2016, 6, 1) + timedelta(days=rng.randint(0, 1000)),
        )
        path = root / FOLDERS[kind] / f"{slug}.rst"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> None:
    if not 1 <= len(argv) <= 2:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    root = Path(argv[0])
    if root.exists():
        sys.exit(f"{root}: already exists; give a new directory")
    count = int(argv[1]) if len(argv) == 2 else 1000
    generate(root, count)
    print(f"{count} specs in {root}")


if __name__ == "__main__":
    main(sys.argv[1:])
