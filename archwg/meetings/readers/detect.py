"""Which format a file is in, from its name and its first bytes."""

from __future__ import annotations

import re

# Names as in archwg.commands.meeting_options.INPUT_FORMATS.
LOG_TXT = "log-txt"
LOG_HTML = "log-html"
MINUTES_TXT = "minutes-txt"
MINUTES_HTML = "minutes-html"
RUN_TOGETHER = "run-together"
IRSSI = "irssi"
WEECHAT = "weechat"
FORMATS = (LOG_TXT, LOG_HTML, MINUTES_TXT, MINUTES_HTML, RUN_TOGETHER, IRSSI, WEECHAT)

# Line shapes, counted in a sample with a newline put in front: each starts
# with a literal "\n", which the regular-expression engine finds by a fast
# scan, where "^" with re.MULTILINE would be tried at every position.
MEETBOT_LINE = re.compile(r"\n\[?\d{1,2}:\d\d:\d\d\]? +(?:<[^>]+>|\* +\S)")
IRSSI_LINE = re.compile(r"\n\d{1,2}:\d\d +(?:<[^>]+>|\* +\S|-!- )")
IRSSI_HEADER = re.compile(r"\n--- Log opened ")
WEECHAT_LINE = re.compile(r"\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t")
# Seed 004: "19:01:00 #startmeeting glance 19:01:01 Meeting started ..." on one line.
RUN_TOGETHER_PAIR = re.compile(r"(?:^| )\d\d:\d\d:\d\d (?!<)")
LOG_HTML_ANCHOR = re.compile(r"""<a\s+(?:href="#l-\d+"\s+)?name=["']l-\d+["']""", re.IGNORECASE)
HTML_START = re.compile(r"^\s*(?:<!DOCTYPE html|<html)", re.IGNORECASE)
MINUTES_TEXT_MARKS = ("Meeting summary\n---", "People present (lines said)\n---", "People Present (lines said)\n---")


# The cheap test most files pass: the first lines, as bytes, are MeetBot messages.
MEETBOT_HEAD = re.compile(rb"\[?\d{1,2}:\d\d:\d\d\]? +(?:<[^>\n]+>|\* +\S)")
MEETBOT_HEAD_LINES = 5


def meetbot_shaped(head: bytes) -> bool:
    """Are the first five lines of *head* (blank ones aside) all MeetBot messages?

    Such a file is a MeetBot log whatever follows, without ``detect_format``'s
    full look at the head: most of an archive's files are read at the cost of
    five matches.
    """
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    pieces = head.split(b"\n", 2 * MEETBOT_HEAD_LINES)[:-1]  # whole lines only: the last piece may be cut
    lines = [line for line in pieces if line.strip()][:MEETBOT_HEAD_LINES]
    if len(lines) < MEETBOT_HEAD_LINES:
        return False  # too few lines to tell: the full test decides
    match = MEETBOT_HEAD.match
    return all(match(line) for line in lines)


def detect_format(head: str) -> str | None:
    """The format of a file that starts with *head*, or None when it is no meeting log."""
    head = head.replace("\r\n", "\n")
    if HTML_START.search(head[:2048]) or "<pre>" in head:
        if LOG_HTML_ANCHOR.search(head):
            return LOG_HTML
        if "<h3>Meeting summary</h3>" in head or "Meeting started by" in head:
            return MINUTES_HTML
        return None
    if any(mark in head for mark in MINUTES_TEXT_MARKS) and "Meeting started by" in head:
        return MINUTES_TXT
    lines = [line for line in head.split("\n")[:-1] or head.split("\n") if line.strip()][:200]
    if not lines:
        return None
    sample = "\n" + "\n".join(lines)
    meetbot_lines = len(MEETBOT_LINE.findall(sample))
    # A line has one shape at most, so MeetBot lines in the majority leave no
    # other shape as many: the counts below would pick MeetBot anyway.
    if 2 * meetbot_lines > len(lines):
        return LOG_TXT
    counts = {
        LOG_TXT: meetbot_lines,
        IRSSI: len(IRSSI_LINE.findall(sample)) + len(IRSSI_HEADER.findall(sample)),
        WEECHAT: len(WEECHAT_LINE.findall(sample)),
    }
    best = max(counts, key=counts.get)
    # A log is mostly messages; a spec or a README that quotes one line is not a log.
    if counts[best] and counts[best] * 3 >= len(lines):
        return best
    longest = max(lines, key=len)
    if len(RUN_TOGETHER_PAIR.findall(longest)) >= 3 and "#startmeeting" in head.lower():
        return RUN_TOGETHER
    return None
