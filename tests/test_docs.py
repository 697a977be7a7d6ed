"""The README and `--help` must not drift apart, and both name commands the way they work as typed."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from nianbao_cli import main
from tests.support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```[^\n]*\n(.*?)^```", README, flags=re.M | re.S)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_in_the_readme_and_has_an_example(name: str) -> None:
    command = main.commands[name]
    assert f".venv/bin/nianbao {name}" in README or f"make {name}" in README, \
        f"README does not show `.venv/bin/nianbao {name}`"
    assert "Example:" in (command.help or ""), f"`nianbao {name} --help` has no example"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_help_examples_are_typed_as_the_readme_types_them(name: str) -> None:
    """One way everywhere: `.venv/bin/nianbao …` (or a make target), never a bare `nianbao` off PATH."""
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    examples = [line.split("Example:", 1)[1].strip() for line in result.output.splitlines() if "Example:" in line]
    assert examples and all(e.startswith((".venv/bin/nianbao ", "make ")) for e in examples), examples
    written = (main.commands[name].help or "").split("Example:", 1)[1].strip().splitlines()[0]
    assert written in examples, f"--help wraps the example of `{name}`, so it cannot be copied as typed"


def test_readme_starts_with_the_set_up_and_the_two_commands() -> None:
    first_block = BLOCKS[0]
    assert "make setup" in first_block and "make demo" in first_block and "make test" in first_block


def test_readme_code_blocks_call_commands_as_typed() -> None:
    """No code block shows `nianbao …` or `scrapy …` bare: after the set-up they are not on PATH."""
    bare = [line for block in BLOCKS for line in block.splitlines()
            if re.match(r"(\$ )?(nianbao|scrapy|python) ", line)]
    assert not bare, bare


def test_readme_links_resolve_in_the_repository() -> None:
    """The spec, samples and notes the README links to are in the clone (reference/), not in ../shared."""
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    assert "reference/spec/CONTRACT.md" in links and "reference/spec/FORMAT.md" in links
    for link in links:
        if not re.match(r"https?://", link):
            assert (ROOT / link).exists(), link
    assert "../shared" not in README


# Files that name ../shared on purpose: the copy check, and the tests that make sure nothing needs it.
# The provenance notes of two golden files name it too; goldens change only in their own commits.
NAMES_SHARED = {"tests/test_reference.py", "tests/support.py", "tests/test_docs.py", "tests/test_readme.py",
                "tests/documents/docx-template-2021.expected.json",
                "tests/documents/pingtan-2025-detail.expected.json"}


def test_no_printed_text_points_outside_the_repository() -> None:
    """Datasette descriptions, CLI texts and docs name reference/…, never the ../shared folder beside a checkout."""
    offenders = [rel for p in ROOT.rglob("*")
                 if p.suffix in {".py", ".md", ".html", ".csv", ".json", ".cfg", ".toml", ".txt"}
                 and not {".venv", "reference", ".git", "data"} & set(p.relative_to(ROOT).parts)
                 and (rel := str(p.relative_to(ROOT))) not in NAMES_SHARED
                 and "../shared" in p.read_text(encoding="utf-8", errors="replace")]
    assert not offenders, offenders
