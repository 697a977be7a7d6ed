"""The README and `--help` must not drift apart: every command is documented in both."""

from __future__ import annotations

import pytest

from nianbao_cli import main
from tests.support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_in_the_readme_and_has_an_example(name: str) -> None:
    command = main.commands[name]
    assert f"nianbao {name}" in README or f"make {name}" in README, f"README does not mention `nianbao {name}`"
    assert "Example:" in (command.help or ""), f"`nianbao {name} --help` has no example"


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
