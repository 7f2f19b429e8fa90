"""The package keeps no module-level caches (GUIDE: state is passed explicitly)."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import archwg
from archwg.specs.parse import SpecParser, parse_spec

PACKAGE = Path(archwg.__file__).parent
CACHING_DECORATORS = {"lru_cache", "cache", "cached_property"}


def _decorator_name(node: ast.expr) -> str:
    node = node.func if isinstance(node, ast.Call) else node
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def test_no_function_in_the_package_is_memoised_by_a_module_level_cache():
    cached = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and any(_decorator_name(decorator) in CACHING_DECORATORS for decorator in node.decorator_list)
    ]
    assert cached == []


SPEC = """=====
Title
=====

:Status: draft

Problem
====

Text.
"""


def test_a_spec_parser_gives_each_parse_its_own_settings_and_the_same_result_as_a_fresh_one():
    parser = SpecParser()
    first, second = parser.settings(), parser.settings()
    assert first is not second and first.warning_stream is not second.warning_stream
    first.report_level = 1  # what one parse does to its settings stays there
    assert second.report_level == 5 and parser.settings().report_level == 5
    shared = parse_spec(SPEC, "a.rst", parser)
    assert shared == parse_spec(SPEC, "a.rst") == parse_spec(SPEC, "a.rst", pickle.loads(pickle.dumps(parser)))
    assert [message for _, message in shared.messages] == ["Title underline too short."]
