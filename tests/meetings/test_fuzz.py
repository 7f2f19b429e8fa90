"""Arbitrary bytes never raise anything but archwg's own errors, and the CLI answers them in one line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archwg.errors import ArchwgError
from archwg.meetings.load import read_meetings
from archwg.meetings.minutes import build_minutes, render_html, render_rst, render_text

FORMATS = (None, "log-txt", "log-html", "minutes-txt", "minutes-html", "run-together", "irssi", "weechat")

# Pieces of real logs, so the fuzzer reaches deep into every reader, not only the "not a log" exit.
FRAGMENTS = [
    b"20:01:06 <SpamapS> #startmeeting arch_wg\n",
    b"20:01:08 <openstack> Meeting started Thu Mar  9 20:01:06 2017 UTC.\n",
    b"20:02:06 <SpamapS> #topic previous meeting action items\n",
    b"20:06:41 <SpamapS> #action rocky_g Send email (Carried since Feb 9 2017)\n",
    b"20:06:42 <SpamapS> #undo\n",
    b"20:06:43 <SpamapS> #chair cdent\n",
    b"20:33:34  * cdent 's got nothin'\n",
    b"20:39:42 <SpamapS> #endmeeting\n",
    b"19:01:00 #startmeeting glance 19:01:01 Meeting started Wed Apr 10 19:01:00 2013 UTC. ",
    b"2017-03-09 20:01:06\tSpamapS\t#startmeeting arch_wg\n",
    b'<pre><a name="l-1"></a><span class="tm">20:01:06</span><span class="nk"> &lt;x&gt;</span> #startmeeting a\n',
    b"Meeting summary\n---------------\n* topic  (x, 20:01:06)\n  * ACTION: x do  (x, 20:01:07)\n",
    b"Meeting started by x at 20:01:06 UTC.\n",
    b"<h3>Meeting summary</h3><ol><li>t<ol><li>",
    b"\xff\xfe\x00",
    b"\r\n",
    b"\xef\xbb\xbf",
]

log_bytes = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=40)), max_size=30).map(b"".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=log_bytes, fmt=st.sampled_from(FORMATS))
def test_arbitrary_bytes_raise_only_archwg_errors(data, fmt):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "arch_wg.2017-03-09-20.01.log.txt"
        path.write_bytes(data)
        try:
            meetings = list(read_meetings([str(path)], input_format=fmt, warn=lambda message: None))
        except ArchwgError as error:
            # One line, naming the file.
            assert "\n" not in str(error)
            assert str(path) in str(error)
            return
        for meeting in meetings:
            minutes = build_minutes(meeting)
            # Every rendering says every action item, whatever bytes made it.
            text = _words(render_text(minutes))
            html = _words(_html_text(render_html(minutes)))
            for action in minutes.actions:
                assert _words(action) in text
                assert _words(action) in html
            assert render_rst(minutes).count("\n* ") >= len(minutes.actions)


def _words(text: str) -> str:
    return " ".join(text.split())


def _html_text(page: str) -> str:
    """The text a browser shows (the markup gone, entities decoded)."""
    from html.parser import HTMLParser

    shown: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = shown.append
    parser.feed(page)
    parser.close()
    return " ".join(shown)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=log_bytes)
def test_cli_never_prints_a_traceback(run_cli, tmp_path, data):
    path = tmp_path / "fuzz.log.txt"
    path.write_bytes(data)
    # catch_exceptions=False: anything but archwg's own errors would raise here and fail the test.
    result = run_cli("minutes", str(path), "--format", "json")
    assert result.exit_code in (0, 2)
    lines = result.stderr.splitlines()
    if result.exit_code == 0:
        assert all(line.startswith("archwg: warning: ") for line in lines)
        assert json.loads(result.stdout)["meeting"]["source"] == str(path)
    else:
        # Warnings first, then exactly one error line naming the file; nothing on standard output.
        *warnings, last = lines
        assert all(line.startswith("archwg: warning: ") for line in warnings)
        assert last.startswith("archwg: error: ") and str(path) in last
        assert result.stdout == ""


line_pieces = st.lists(
    st.one_of(
        st.sampled_from([fragment for fragment in FRAGMENTS if fragment.endswith(b"\n") and b"\t" not in fragment]),
        st.builds(
            lambda nick, text: f"20:{len(text) % 60:02d}:00 <{nick}> {text}\n".encode(),
            st.sampled_from(["SpamapS", "cdent", "@rockyg", "openstack"]),
            st.text(alphabet="#<>*-: abchttp/", max_size=20),
        ),
        st.just(b"--- Day changed Fri Mar 10 2017\n"),
        # The bot's own lines are never commands nor links: the fast reader must count #undo around them alike.
        st.sampled_from([b"20:06:44 <openstack> #info said by the bot\n", b"20:06:45 <openstack> #undo\n",
                         b"20:06:46 <openstack> https://example.org/said-by-the-bot\n",
                         b"20:06:47 <openstack> #action SpamapS to ask the bot\n"]),
    ),
    max_size=25,
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(data=line_pieces)
def test_fast_and_line_readers_agree(data):
    from archwg.meetings.meeting import meetings_from_lines
    from archwg.meetings.readers.fastlog import meetings_from_blocks
    from archwg.meetings.readers.irclog import read_irc_lines

    text = data.decode("utf-8")
    # Blocks are whole lines: cut at a newline.
    cut = text.find("\n", len(text) // 2)
    blocks = [text[: cut + 1], text[cut + 1:]] if 0 <= cut < len(text) - 1 else [text]
    blocks = [block for block in blocks if block]
    source = "arch_wg.2017-03-09-20.01.log.txt"
    # Read for minutes and for carrying (which skips more lines): both as the line reader reads.
    for review_only in (False, True):
        try:
            fast = list(meetings_from_blocks([block.encode() for block in blocks], source, review_only=review_only))
        except ArchwgError as error:
            fast = str(error)
        try:
            slow = list(meetings_from_lines(read_irc_lines(text.split("\n")), source, review_only=review_only))
        except ArchwgError as error:
            slow = str(error)
        assert fast == slow
