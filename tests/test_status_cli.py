"""``archwg status`` on the command line: what it says on stderr."""

from __future__ import annotations


def test_status_warns_about_a_spec_it_cannot_read_and_names_the_missing_gerrit_table(spec_repo, run_cli):
    (spec_repo / "specs" / "broken.rst").write_bytes(b"Broken\n======\n\n:Status: dr\xe4ft\n")
    result = run_cli("status", cwd=spec_repo)
    assert result.exit_code == 0
    assert result.stdout == "no specs yet\n"
    assert result.stderr.splitlines() == [
        "archwg: warning: specs/broken.rst: skipped: "
        f"{spec_repo / 'specs' / 'broken.rst'}: not UTF-8 text (invalid continuation byte at byte 26)",
        "archwg: no Gerrit server configured: add a [gerrit] table to archwg.toml",
    ]
