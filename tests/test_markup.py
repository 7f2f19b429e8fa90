"""Markdown quoting of what people wrote: nicks and brackets stay literal."""

from archwg.markup import markdown_escape


def test_markdown_escape_keeps_nicks_and_markup_literal():
    assert markdown_escape("rocky_g fix *all* [the] `bugs` <now> | ~maybe~ \\o/") == (
        "rocky\\_g fix \\*all\\* \\[the\\] \\`bugs\\` \\<now\\> \\| \\~maybe\\~ \\\\o/"
    )
