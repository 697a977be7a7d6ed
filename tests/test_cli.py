"""`nianbao` hygiene (issue 13): --version, a parse summary in words, `serve` on a missing archive or busy port."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import parsers
from nianbao_cli import command, main, summary_line, version
from tests.support import ROOT, SAMPLES


def test_version_names_the_package_and_the_parser() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"nianbao {version()} (parser {parsers.__version__})"
    assert version() != "unknown"


def test_parse_summary_labels_every_field_and_counts_what_is_unsure() -> None:
    result = CliRunner().invoke(main, ["parse", str(SAMPLES / "shanghai-office-2025.pdf.txt")])
    assert result.exit_code == 0, result.output
    line = result.output.strip()
    assert "year 2025, format 2021, agency 上海市人民政府办公厅, title 2025年上海市人民政府办公厅政府信息公开工作年度报告" in line
    # two rows of table 二 print 2 numbers for 3 columns (6 cells), and the text layer pulled the labels of
    # （五）5 and （六）1 away from their numbers (14 cells): all uncertain, the checks on them undecided
    assert "20 uncertain cells, 4 rows not placed" in line and "8 undecided" in line
    assert "None" not in line and "?" not in line


def test_parse_summary_says_what_is_missing_instead_of_none() -> None:
    record = {"source": {"path": "x.pdf"}, "year": None, "format": "unknown", "agency": None, "title": None,
              "values": {}, "uncertain": ["requests.total.total"], "checks": [{"status": "uncertain"}]}
    assert summary_line(record) == ("x.pdf: year not found, format unknown, agency not named, title not printed — "
                                    "0 values, 1 uncertain cell, 1 row not placed; checks 0 pass, 0 fail, 1 undecided")


def test_serve_refuses_a_missing_archive_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["serve", "--db", str(missing)])
    assert result.exit_code != 0 and "no such archive" in result.output
    assert "serving" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_serve_reports_a_busy_port_before_announcing(tmp_path: Path) -> None:
    from archive import Archive

    db = tmp_path / "n.db"
    Archive(db).close()
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "nianbao_cli", "serve", "--db", str(db), "--port", str(port)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in proc.stderr and "in use" in proc.stderr
    assert "serving" not in proc.stderr + proc.stdout


def test_printed_commands_are_the_ones_that_work_here(tmp_path: Path, monkeypatch) -> None:
    """Beside a `.venv` with nianbao in it (the README's set-up) the printed command is `.venv/bin/nianbao`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    assert command("serve", "--db", "data/demo.db") in (
        ".venv/bin/nianbao serve --db data/demo.db",  # the running Python has the nianbao script
        f"{sys.executable} -m nianbao_cli serve --db data/demo.db")
    assert command("serve", "--db", "my archive.db").endswith("--db 'my archive.db'")


def test_export_to_a_full_disk_is_one_line_not_a_traceback() -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full on this system to stand for a full disk")
    with full.open("wb") as out:
        proc = subprocess.run([sys.executable, "-m", "nianbao_cli", "export", "--format", "codebook"], cwd=ROOT,
                              stdout=out, stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "Error: cannot write the export: No space left on device"


def test_reparse_refuses_a_mistyped_archive_path(tmp_path: Path) -> None:
    missing = tmp_path / "nianbao-typo.db"
    result = CliRunner().invoke(main, ["reparse", "--db", str(missing)])
    assert result.exit_code != 0 and "no such archive" in result.output
    assert not missing.exists()


def test_a_log_file_in_a_missing_folder_is_created_not_a_traceback(tmp_path: Path) -> None:
    from crawler.run import settings_for

    log = tmp_path / "logs" / "crawl.log"
    settings = settings_for(tmp_path / "nianbao.db", log_file=str(log))
    assert settings.get("LOG_FILE") == str(log) and log.parent.is_dir()
