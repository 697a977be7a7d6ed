"""The README's commands, typed as written, on a fresh clone with nothing beside it (issue 13).

The repository is cloned with git into an empty temporary folder (no ../shared beside it; uncommitted
changes of this checkout are laid over the clone, so the test checks what you are about to commit). The
clone's `.venv` is the virtualenv running this test (what `make setup` made), so `.venv/bin/nianbao …` runs
as typed, with the clone's own code first on the path. Every `$ ` line in the README's code blocks runs in
order, by bash, in the clone's folder; the lines shown under it are its output and must match (unless the
line says `# output shortened`). `serve` runs until it answers a request (on a free port, not to depend on
8001 being free on the test machine). What is not run is in SKIPPED, with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import ROOT

README = ROOT / "README.md"
SKIPPED = {  # command prefix -> why the walk does not run it
    "make setup": "installs Debian packages and the virtualenv: the virtualenv running this test is its result",
    "make test": "runs this test suite",
}
DEMO_RECIPE = ".venv/bin/python -m nianbao_cli demo"  # what `make demo` runs after the set-up


@dataclass
class Command:
    line: str
    output: list[str] = field(default_factory=list)

    @property
    def compare(self) -> bool:
        return "# output shortened" not in self.line


def readme_commands(text: str) -> list[Command]:
    """The `$ ` lines of the README's fenced blocks with the output lines shown under each."""
    commands: list[Command] = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S):
        current: Command | None = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = Command(line[2:].strip())
                commands.append(current)
            elif not line.strip():
                current = None
            elif current is not None:
                current.output.append(line.rstrip())
    return commands


def test_the_readme_shows_commands_to_run() -> None:
    lines = [c.line for c in readme_commands(README.read_text(encoding="utf-8"))]
    for expected in ("make setup", "make demo", ".venv/bin/nianbao parse", ".venv/bin/nianbao import",
                     ".venv/bin/nianbao export", ".venv/bin/nianbao serve", ".venv/bin/nianbao --version"):
        assert any(line.startswith(expected) for line in lines), expected


def test_make_demo_runs_the_demo_command() -> None:
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), flags=re.M)
    assert recipe and recipe.group(1).split("\n")[-2].strip() == "$(PY) -m nianbao_cli demo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed (make setup installs it)")
    if not (ROOT / ".git").exists():
        pytest.skip("this checkout is not a git repository: nothing to clone")
    venv = Path(sys.prefix)
    if not (venv / "bin" / "nianbao").exists():
        pytest.skip(f"the nianbao command is not installed in {venv} (make setup installs it)")
    target = tmp_path_factory.mktemp("fresh") / "nianbao"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    changed = subprocess.run(["git", "ls-files", "--modified", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                             check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, changed):
        src, dst = ROOT / rel, target / rel
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
        elif dst.exists():
            dst.unlink()
    assert not (target.parent / "shared").exists()
    (target / ".venv").symlink_to(venv)
    return target


def _env(clone: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "PYTEST_"))}
    env["PYTHONPATH"] = str(clone)  # the clone's code, not the checkout the virtualenv was installed from
    return env


def _run(line: str, clone: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", line], cwd=clone, env=_env(clone), capture_output=True, text=True,
                          timeout=900)


def _serve(line: str, clone: Path) -> str | None:
    """Start a `serve` line (on a free port), wait until it answers, stop it; None when it worked."""
    port = _free_port()
    proc = subprocess.Popen(["bash", "-c", f"exec {line} --port {port}"], cwd=clone, env=_env(clone),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 300  # a generous bound on start-up on a loaded machine, not a measurement
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return f"exited {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/nianbao/reports.json", timeout=30) as r:
                    rows = json.loads(r.read()).get("rows")
                    return None if rows else "serves an archive without reports"
            except OSError:
                time.sleep(0.5)
        return "did not answer"
    finally:
        proc.terminate()
        proc.wait(timeout=60)


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("cmd", COMMANDS, ids=[c.line.split("  #")[0].strip()[:60] for c in COMMANDS])
def test_a_readme_command_works_as_typed_on_a_fresh_clone(cmd: Command, clone: Path) -> None:
    """One `$ ` line of the README, in README order (later lines use what earlier ones made)."""
    line = cmd.line.split("  #")[0].strip()
    reason = next((why for prefix, why in SKIPPED.items() if line.startswith(prefix)), None)
    if reason:
        pytest.skip(f"not run: {reason}")
    if line.startswith("make demo"):
        problems = _demo(clone)
        assert not problems, "\n".join(problems)
        return
    if re.match(r"\.venv/bin/nianbao serve\b", line):
        why = _serve(line, clone)
        assert why is None, f"{line}: {why}"
        return
    proc = _run(line, clone)
    assert proc.returncode == 0, f"{line}: exit {proc.returncode}: {proc.stderr.strip()[-800:]}"
    if cmd.compare and cmd.output:
        assert proc.stdout.rstrip("\n").splitlines() == cmd.output, f"{line} printed otherwise than the README shows"
    if (out := re.search(r"--excel > (\S+)$", line)) is not None:  # what a spreadsheet opens
        data = (clone / out.group(1)).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and len(data.splitlines()) > 1, f"{line}: {data[:200]!r}"


def test_every_skip_reason_is_used() -> None:
    for prefix in SKIPPED:
        assert any(c.line.startswith(prefix) for c in COMMANDS), f"stale reason for {prefix}"


def _demo(clone: Path) -> list[str]:
    """`make demo` after the set-up: its own archive, failures labelled, and a last line that serves it."""
    proc = _run(DEMO_RECIPE, clone)
    if proc.returncode != 0:
        return [f"make demo: exit {proc.returncode}: {proc.stderr.strip()[-500:]}"]
    lines = proc.stdout.strip().splitlines()
    problems = []
    if "blocked on purpose" not in proc.stdout:
        problems.append("make demo: the portal blocked on purpose is not labelled")
    if lines[-1] != ".venv/bin/nianbao serve --db data/demo.db":
        problems.append(f"make demo: the last line is not the command that serves the demo: {lines[-1]!r}")
    elif (why := _serve(lines[-1], clone)) is not None:
        problems.append(f"make demo's last line {lines[-1]}: {why}")
    if (clone / "data" / "nianbao.db").exists():
        problems.append("make demo wrote into the default archive data/nianbao.db")
    return problems
