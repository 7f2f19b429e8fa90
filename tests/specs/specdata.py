"""Helpers for the lifecycle tests: a spec written out, as a champion would before asking for a decision."""

from __future__ import annotations

import re
from pathlib import Path

import git

from archwg.specs.lint import template_placeholders
from archwg.specs.model import KINDS
from archwg.specs.render import template_path

# As long as a real paragraph: accept must still look like a rename to git.
WRITTEN = ("Written by the champion after talking it over with the projects\n"
           "involved, with the threads, logs and reviews that led here linked,\n"
           "and what the group would hand back to the projects once the work is\n"
           "done set out for the meeting to decide on.")


def without_placeholders(root: Path, text: str) -> str:
    """*text* with every template placeholder paragraph (of any kind's template) replaced by written text:
    set-status refuses to move a spec the lint would then fail."""
    for kind in KINDS:
        for paragraph in template_placeholders(template_path(root, kind).read_text(encoding="utf-8")):
            pattern = r"\s+".join(re.escape(word) for word in paragraph.split())
            text = re.sub(pattern, WRITTEN, text)
    return text


def write_out(root: Path, path: Path) -> None:
    """Replace the placeholders of the spec at *path* and commit it, leaving a clean work tree."""
    path.write_text(without_placeholders(root, path.read_text(encoding="utf-8")), encoding="utf-8")
    repo = git.Repo(root, search_parent_directories=True)
    repo.git.add("--", str(path))
    repo.git.commit("-qm", f"Write {path.stem}", "--allow-empty")
