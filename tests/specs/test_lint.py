"""The spec lint rule by rule: each test breaks one rule of a spec rendered from the real templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archwg.serialize import problem_json
from archwg.specs.lint import (
    Problem,
    RequiredSection,
    expected_kind,
    lint_repository,
    lint_spec,
    literal_block_lines,
    required_sections,
)
from archwg.specs.parse import parse_spec

TEMPLATES = Path(__file__).resolve().parents[2] / "archwg" / "templates"


def render(kind: str, title: str = "Messaging Patterns", champion: str = "rockyg", status: str | None = None) -> str:
    from archwg.specs.render import render_spec

    status = status or {"proposal": "draft", "workstream": "active"}[kind]
    return render_spec((TEMPLATES / f"{kind}.rst.j2").read_text(), title=title, champions=(champion,),
                       created=date(2017, 3, 9), status=status)


def lint(text: str, path: str = "specs/messaging-patterns.rst") -> list[tuple[int, str]]:
    spec = parse_spec(text, Path(path))
    kind = expected_kind(spec)
    required = required_sections((TEMPLATES / f"{kind}.rst.j2").read_text()) if kind else None
    problems = lint_spec(spec, text, required)
    assert all(problem.path == path for problem in problems)
    return [(problem.line, problem.message) for problem in problems]


def with_background(*extra: str) -> str:
    """A proposal with *extra* lines in its Background section; the first one is line 26."""
    lines = render("proposal").splitlines(keepends=True)
    return "".join(lines[:24]) + "\n" + "".join(line + "\n" for line in extra) + "".join(lines[24:])


PROPOSAL = "specs/messaging-patterns.rst"
WORKSTREAM = "workstreams/messaging-patterns.rst"


# -- what the templates require -------------------------------------------------------------------


def test_required_sections_come_from_the_templates():
    proposal = required_sections((TEMPLATES / "proposal.rst.j2").read_text())
    workstream = required_sections((TEMPLATES / "workstream.rst.j2").read_text())
    assert [section.label for section in proposal] == ["Problem Description", "Background", "Proposed Work", "History"]
    assert [section.titles for section in workstream] == [
        ("Summary",),
        ("Rationale",),
        ("Analysis",),
        ("Proposal",),
        ("Implementation",),
        ("Implementation", "Assignee(s)"),
        ("Implementation", "Work Items"),
        ("History",),
    ]


def test_a_template_that_does_not_render_is_a_clear_error():
    from archwg.errors import BadInput

    with pytest.raises(BadInput, match=r"cannot render the template \(line 2: "):
        required_sections("Title\n{% if %}\n")


def test_specs_rendered_from_the_templates_are_clean():
    assert lint(render("proposal"), PROPOSAL) == []
    assert lint(render("workstream"), WORKSTREAM) == []


@settings(max_examples=40, deadline=None)
@given(
    title=st.from_regex(r"[A-Z][a-z]{1,12}( [A-Za-z][a-z]{0,12}){0,4}", fullmatch=True),
    kind=st.sampled_from(["proposal", "workstream"]),
)
def test_any_plain_title_renders_to_a_clean_spec(title, kind):
    folder = {"proposal": "specs", "workstream": "workstreams"}[kind]
    assert lint(render(kind, title=title), f"{folder}/messaging-patterns.rst") == []


# -- metadata -------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["Kind", "Status", "Champion", "Created"])
def test_a_missing_field_is_reported_at_the_field_list(field):
    text = "".join(line for line in render("workstream").splitlines(keepends=True) if not line.startswith(f":{field}:"))
    assert lint(text, WORKSTREAM) == [(5, f"missing field :{field}:")]


def test_an_empty_champion_is_reported():
    text = render("proposal").replace(":Champion: rockyg", ":Champion:")
    assert lint(text, PROPOSAL) == [(7, "field :Champion: is empty")]


def test_an_unknown_kind_is_reported_and_the_folder_decides_the_template():
    text = render("proposal").replace(":Kind: proposal", ":Kind: idea")
    assert lint(text, PROPOSAL) == [(5, "unknown kind 'idea' (kinds: proposal, workstream)")]


def test_kind_and_folder_must_agree():
    assert lint(render("workstream"), "specs/messaging-patterns.rst") == [
        (5, "kind is workstream but the file is in specs/; a workstream belongs in workstreams/")
    ]


def test_status_must_belong_to_the_kind():
    text = render("workstream", status="draft")
    assert lint(text, WORKSTREAM) == [(6, "status 'draft' is not a workstream status (active, completed, tabled, abandoned)")]


def test_an_accepted_proposal_left_in_specs_is_reported():
    text = render("proposal", status="accepted")
    assert lint(text, PROPOSAL) == [
        (6, "status 'accepted': an accepted proposal is an active workstream in workstreams/; use archwg accept")
    ]


@pytest.mark.parametrize("created", ["March 2017", "20170309", "2017-02-30", "2017-3-9"])
def test_created_must_be_an_iso_date(created):
    text = render("proposal").replace(":Created: 2017-03-09", f":Created: {created}")
    assert lint(text, PROPOSAL) == [(8, f"created {created!r} is not an ISO date (YYYY-MM-DD)")]


def test_reviews_are_gerrit_change_numbers():
    text = render("proposal").replace(":Created: 2017-03-09\n", ":Created: 2017-03-09\n:Reviews: 435555, I8c2f, 12a\n")
    assert lint(text, PROPOSAL) == [
        (9, "review 'I8c2f' is not a Gerrit change number"),
        (9, "review '12a' is not a Gerrit change number"),
    ]


def test_champions_are_irc_nicks():
    text = render("proposal", champion="rockyg, Rocky Grober, 9lives, [ttx]")
    assert lint(text, PROPOSAL) == [
        (7, "champion 'Rocky Grober' is not an IRC nick"),
        (7, "champion '9lives' is not an IRC nick"),
    ]


@pytest.mark.parametrize("name", ["Messaging_Patterns.rst", "messaging--patterns.rst", "-messaging.rst"])
def test_the_file_name_must_be_a_slug(name):
    assert lint(render("proposal"), f"specs/{name}") == [
        (1, f"file name {name!r} is not a slug: use lowercase letters, digits and single hyphens")
    ]


def test_a_spec_without_a_title_is_reported():
    text = "".join(render("proposal").splitlines(keepends=True)[4:])
    assert (1, "no document title (a title over- and underlined with =)") in lint(text, PROPOSAL)


# -- sections -------------------------------------------------------------------------------------


def test_a_missing_section_is_reported_where_it_belongs():
    text = render("workstream").replace("Rationale\n=========\n", "")
    assert lint(text, WORKSTREAM) == [(18, "missing section 'Rationale'")]


def test_a_missing_last_section_is_reported_at_the_end():
    lines = render("proposal").splitlines(keepends=True)
    assert lint("".join(lines[:31]), PROPOSAL) == [(31, "missing section 'History'")]


def test_a_missing_subsection_is_named_with_its_parent():
    text = render("workstream").replace("Work Items\n----------\n\n* Write the analysis.\n\n", "")
    assert lint(text, WORKSTREAM) == [(40, "missing section 'Implementation / Work Items'")]


def test_two_swapped_sections_are_reported_once():
    text = render("workstream").replace("Summary\n=======\n", "Rationale\n=========\n", 1)
    text = text.replace("Rationale\n=========\n\nWhy", "Summary\n=======\n\nWhy", 1)
    assert lint(text, WORKSTREAM) == [(10, "section 'Rationale' is out of order: the template puts it after 'Summary'")]


def test_a_section_moved_to_the_end_is_the_one_reported():
    text = render("proposal").replace("Problem Description\n===================\n", "Notes\n=====\n")
    text += "\nProblem Description\n===================\n\nIt moved.\n"
    assert lint(text, PROPOSAL) == [
        (45, "section 'Problem Description' is out of order: the template puts it first")
    ]


def test_a_subsection_at_the_wrong_level_is_reported():
    text = render("workstream").replace("Work Items\n----------\n", "Work Items\n==========\n")
    assert lint(text, WORKSTREAM) == [(40, "section 'Work Items' should be under 'Implementation'")]


def test_a_wrongly_capitalised_title_is_reported():
    text = render("proposal").replace("Proposed Work\n", "Proposed work\n")
    assert lint(text, PROPOSAL) == [(26, "section 'Proposed work' should be titled 'Proposed Work'")]


def test_extra_sections_are_allowed():
    text = render("workstream").replace(
        "Proposal\n========\n", "Alternatives\n============\n\nNone yet.\n\nProposal\n========\n"
    )
    text = text.replace("Work Items\n----------\n", "Dependencies\n------------\n\nNone.\n\nWork Items\n----------\n")
    assert lint(text, WORKSTREAM) == []


# -- titles ---------------------------------------------------------------------------------------


def test_underlines_must_be_as_long_as_the_title():
    text = render("proposal").replace("Background\n==========\n", "Background\n=============\n")
    assert lint(text, PROPOSAL) == [(21, "underline of 'Background' is 13 characters; make it 10, as long as the title")]


def test_a_short_underline_is_reported_once_not_twice():
    text = render("proposal").replace("Background\n==========\n", "Background\n========\n")
    assert lint(text, PROPOSAL) == [(21, "underline of 'Background' is 8 characters; make it 10, as long as the title")]


def test_a_tiny_underline_docutils_reads_as_text_is_still_reported():
    text = with_background("Scope", "===", "", "Only the API.")
    assert lint(text, PROPOSAL) == [(27, "underline of 'Scope' is 3 characters; make it 5, as long as the title")]


def test_the_document_title_overline_and_underline():
    text = render("proposal").replace("==================\nMessaging Patterns\n==================\n",
                                      "=====================\nMessaging Patterns\n=====================\n")
    assert lint(text, PROPOSAL) == [
        (1, "overline of 'Messaging Patterns' is 21 characters; make it 18, as long as the title"),
        (3, "underline of 'Messaging Patterns' is 21 characters; make it 18, as long as the title"),
    ]


def test_wide_characters_count_two_columns():
    text = render("proposal", title="メッセージ Patterns")
    assert text.startswith("=" * 19 + "\n"), "the template sizes adornments by display width"
    assert lint(text, PROPOSAL) == []
    # Sized by characters instead, as `title|length` would: too short for reST.
    text = text.replace("=" * 19 + "\n", "=" * 14 + "\n", 2)
    assert lint(text, PROPOSAL) == [
        (1, "overline of 'メッセージ Patterns' is 14 characters; make it 19, as long as the title"),
        (3, "underline of 'メッセージ Patterns' is 14 characters; make it 19, as long as the title"),
    ]


# -- lines ----------------------------------------------------------------------------------------

LONG = "This sentence is long enough that it goes past the seventy-nine column limit easily."


def test_long_lines_are_reported():
    assert len(LONG) == 84
    assert lint(with_background(LONG), PROPOSAL) == [(26, "line is 84 columns long (limit 79)")]


def test_long_lines_are_allowed_in_literal_blocks():
    text = with_background("For example::", "", "    " + LONG, "", "Back to text:", "", LONG)
    assert lint(text, PROPOSAL) == [(32, "line is 84 columns long (limit 79)")]


def test_long_lines_are_allowed_in_code_blocks_but_not_in_notes():
    text = with_background(
        ".. code-block:: console", "", "   $ " + LONG, "", ".. note::", "", "   " + LONG
    )
    assert lint(text, PROPOSAL) == [(32, "line is 87 columns long (limit 79)")]


def test_long_urls_and_lines_without_spaces_are_allowed():
    url = "See https://review.openstack.org/#/q/status:open+project:openstack/arch-wg,n,z for reviews."
    unbreakable = "x" * 90
    assert lint(with_background(url, "", unbreakable), PROPOSAL) == []


def test_literal_block_lines_are_the_indented_lines_after_the_marker():
    lines = ["Text::", "", "    code", "", "    more", "Text", ".. note::", "   body", "* item::", "", "    code"]
    assert literal_block_lines(lines) == {2, 4, 10}


def test_tabs_trailing_spaces_and_invisible_characters():
    text = with_background("Tabs\there.", "Trailing spaces.  ", "Zero\u200bwidth.")
    assert lint(text, PROPOSAL) == [
        (26, "tab at column 5; use spaces"),
        (27, "trailing whitespace"),
        (28, "invisible character U+200B ZERO WIDTH SPACE at column 5"),
    ]


def test_carriage_returns_are_reported_once_per_file():
    text = render("proposal").replace("\n", "\r\n")
    assert lint(text, PROPOSAL) == [(1, "carriage return (CR) line end; use LF only (43 lines)")]


def test_a_byte_order_mark_is_an_invisible_character():
    text = "\ufeff" + render("proposal")
    assert (1, "invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) at column 1") in lint(
        text, PROPOSAL
    )


# -- reStructuredText -----------------------------------------------------------------------------


def test_docutils_warnings_are_problems_at_their_line():
    text = with_background("* a list", "that ends without a blank line.", "", "A `broken link.")
    assert lint(text, PROPOSAL) == [
        (27, "reST: Bullet list ends without a blank line; unexpected unindent."),
        (29, "reST: Inline interpreted text or phrase reference start-string without end-string."),
    ]


def test_problems_come_sorted_by_line():
    text = with_background("Trailing. ", LONG).replace(":Created: 2017-03-09", ":Created: soon")
    assert [line for line, _ in lint(text, PROPOSAL)] == [8, 26, 27]


# -- across files ---------------------------------------------------------------------------------


def test_slugs_are_unique_across_specs_and_workstreams():
    repository = ["specs/dlm.rst", "specs/placement.rst", "workstreams/dlm.rst", "workstreams/base-services.rst"]
    assert lint_repository(["specs/dlm.rst", "specs/placement.rst"], repository) == [
        Problem("specs/dlm.rst", 1, "slug 'dlm' is also used by workstreams/dlm.rst")
    ]
    assert lint_repository(repository, repository) == [
        Problem("specs/dlm.rst", 1, "slug 'dlm' is also used by workstreams/dlm.rst"),
        Problem("workstreams/dlm.rst", 1, "slug 'dlm' is also used by specs/dlm.rst"),
    ]


def test_problem_shapes():
    problem = Problem("specs/dlm.rst", 3, "trailing whitespace")
    assert str(problem) == "specs/dlm.rst:3: trailing whitespace"
    assert problem_json(problem) == {"path": "specs/dlm.rst", "line": 3, "message": "trailing whitespace"}
    assert RequiredSection(("Implementation", "Work Items")).title == "Work Items"


def test_the_packaged_templates_mark_their_placeholders():
    from archwg.specs.lint import template_placeholders

    proposal = template_placeholders((TEMPLATES / "proposal.rst.j2").read_text())
    workstream = template_placeholders((TEMPLATES / "workstream.rst.j2").read_text())
    assert len(proposal) == 3 and proposal[0].startswith("What needs architectural design work?")
    assert len(workstream) == 5 and workstream[-1] == "* Write the analysis."
    assert not any("{{" in text for text in proposal + workstream)
