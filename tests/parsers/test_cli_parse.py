"""`nianbao parse` as a user runs it: exit codes, one stderr line per unreadable file, batches.

CONTRACT.md §2: one JSON object per file, a JSON array for several (readable files only, in the
order given); exit 0 when every file was read, non-zero otherwise; never a traceback. Run as a real
subprocess so that exit codes, stderr and tracebacks are what a shell sees.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import CHECKER, DOCUMENTS, ROOT, load_module


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nianbao_cli", "parse", *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


def assert_contract(out: Any) -> None:
    checker = load_module("nianbao_check_contract", CHECKER)
    for obj in out if isinstance(out, list) else [out]:
        problems = checker.check(obj, obj.get("source", {}).get("path") or "record")
        assert not problems, "\n".join(problems)


def stderr_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in proc.stderr, proc.stderr
    return [line for line in proc.stderr.splitlines() if line.strip()]


@pytest.fixture()
def bad_files(tmp_path: Path) -> dict[str, Path]:
    generate = load_module("nianbao_golden_generate", DOCUMENTS / "generate.py")
    files = {
        "empty": tmp_path / "empty.html",
        "random": tmp_path / "random.bin",
        "truncated": tmp_path / "truncated.docx",
    }
    files["empty"].write_bytes(b"")
    files["random"].write_bytes(random.Random(20240131).randbytes(8192))
    files["truncated"].write_bytes(generate.truncated_docx())
    return files


@pytest.fixture()
def good_files(tmp_path: Path) -> list[Path]:
    """Two readable reports, copied so that their names say nothing about their kind."""
    out = []
    for i, name in enumerate(("fragment-2021.html", "text-2021-tabs.txt")):
        p = tmp_path / f"good{i}.dat"
        p.write_bytes((DOCUMENTS / name).read_bytes())
        out.append(p)
    return out


def test_one_file_prints_one_object(good_files: list[Path]) -> None:
    proc = run("--json", good_files[0])
    assert proc.returncode == 0, proc.stderr
    assert stderr_lines(proc) == []
    out = json.loads(proc.stdout)
    assert isinstance(out, dict)
    assert out["format"] == "2021" and out["year"] == 2024
    assert_contract(out)


def test_several_files_print_an_array_in_order(good_files: list[Path]) -> None:
    proc = run("--json", *good_files)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [o["source"]["path"] for o in out] == [str(p) for p in good_files]
    assert_contract(out)


@pytest.mark.parametrize("kind", ["empty", "random", "truncated"])
def test_unreadable_file_one_line_and_nonzero_exit(bad_files: dict[str, Path], kind: str) -> None:
    proc = run("--json", bad_files[kind])
    assert proc.returncode != 0
    lines = stderr_lines(proc)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(str(bad_files[kind])), lines[0]
    assert len(lines[0]) > len(str(bad_files[kind])) + 5, "the line must say what is wrong"


def test_batch_with_bad_files_still_prints_readable_ones(bad_files: dict[str, Path], good_files: list[Path]) -> None:
    order = [good_files[0], bad_files["empty"], bad_files["random"], bad_files["truncated"], good_files[1]]
    proc = run("--json", *order)
    assert proc.returncode != 0
    lines = stderr_lines(proc)
    assert len(lines) == 3, proc.stderr
    for line, bad in zip(lines, order[1:4], strict=True):
        assert line.startswith(str(bad)), line
    out = json.loads(proc.stdout)
    assert [o["source"]["path"] for o in out] == [str(good_files[0]), str(good_files[1])]
    assert_contract(out)


def test_max_bytes_refuses_large_files(tmp_path: Path, good_files: list[Path]) -> None:
    small = tmp_path / "small.html"
    small.write_text("<html><body><p>通知</p></body></html>", encoding="utf-8")
    limit = 2000
    assert good_files[0].stat().st_size > limit > small.stat().st_size
    proc = run("--json", "--max-bytes", str(limit), good_files[0], small)
    assert proc.returncode != 0
    lines = stderr_lines(proc)
    assert len(lines) == 1 and lines[0].startswith(str(good_files[0])), proc.stderr
    assert str(limit) in lines[0], "the line should say what the limit is"
    out = json.loads(proc.stdout)
    assert [o["source"]["path"] for o in out] == [str(small)]
    assert_contract(out)


def test_missing_file_is_one_line(tmp_path: Path, good_files: list[Path]) -> None:
    missing = tmp_path / "nowhere.pdf"
    proc = run("--json", missing, good_files[0])
    assert proc.returncode != 0
    lines = stderr_lines(proc)
    assert len(lines) == 1 and lines[0].startswith(str(missing)), proc.stderr
    assert len(json.loads(proc.stdout)) == 1


def test_not_a_report_is_unknown_with_a_warning() -> None:
    proc = run("--json", DOCUMENTS / "not-report-guide.html")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["format"] == "unknown"
    assert out["warnings"], "a page that is not a report must say so"
    assert out["values"] == {}
    assert_contract(out)


def test_tables_missing_keep_format_and_warn() -> None:
    proc = run("--json", DOCUMENTS / "tables-as-images.html")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["format"], out["year"]) == ("2021", 2022)
    assert out["values"] == {}
    warning = " ".join(out["warnings"])
    for table in ("主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议、行政诉讼"):
        assert table in warning, f"the warning should name the missing table {table}: {out['warnings']}"
    assert not [c for c in out["checks"] if c["status"] == "fail"]
    assert_contract(out)


def test_summary_lines_without_json(bad_files: dict[str, Path], good_files: list[Path]) -> None:
    proc = run(good_files[0], bad_files["random"], good_files[1])
    assert proc.returncode != 0
    assert len(stderr_lines(proc)) == 1
    summary = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(summary) == 2 and summary[0].startswith(str(good_files[0])), proc.stdout
