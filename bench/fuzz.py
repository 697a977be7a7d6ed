"""Fuzz the parsers with damaged copies of the golden documents: tracebacks and hangs must be 0.

    python bench/fuzz.py                 # 20 mutants of every golden document (and a generated OFD)
    python bench/fuzz.py --mutants 5 --only docx pdf --out fuzz.json

Every golden document (tests/documents, loaded by tests/documents/golden.py) is damaged at random —
bytes overwritten, the file cut short, or both — and parsed by `parsers.parse`. Mutants run in
batches, each batch in a child process under an address-space guard; the parent gives every mutant
a deadline and kills the child when it passes (a hang), then goes on with the next mutant in a new
child. A mutant may be read, or refused with the documented errors (UnreadableDocument and its
subclasses LimitExceeded and EnvironmentFailure); anything else is a traceback, counted and listed
with the frame that raised it and the seed that reproduces it (`--replay CASE:INDEX`).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import resource
import select
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GUARD_BYTES = 3 * 1024**3
DEADLINE = 120.0  # seconds per mutant before it counts as a hang (the parse budget is set below it)
PARSE_BUDGET = "60"  # the parser's own budget in the child: slow mutants end in TimeBudgetExceeded
BATCH = 40


def seeds() -> dict[str, tuple[str, bytes]]:
    """name -> (kind, bytes) of every golden document, plus an OFD (no golden document is one)."""
    sys.path.insert(0, str(ROOT))
    from parsers.sniff import sniff
    from tests.support import load_module

    golden = load_module("nianbao_golden", ROOT / "tests" / "documents" / "golden.py")
    out = {}
    for case in golden.cases():
        data = case.data()
        out[case.name] = (sniff(data), data)
    sys.path.insert(0, str(ROOT / "tests" / "parsers"))
    ofd_tests = load_module("nianbao_test_ofd", ROOT / "tests" / "parsers" / "test_ofd.py")
    out["generated-ofd"] = ("ofd", ofd_tests.small_report())
    return out


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A damaged copy of `data` and how it was damaged."""
    how = rng.choice(("flip", "flip", "truncate", "flip+truncate"))
    out = bytearray(data)
    notes = []
    if "flip" in how and out:
        n = rng.randint(1, max(1, min(64, len(out) // 500)))
        for _ in range(n):
            out[rng.randrange(len(out))] = rng.randrange(256)
        notes.append(f"{n} bytes overwritten")
    if "truncate" in how and out:
        cut = rng.randrange(len(out))
        del out[cut:]
        notes.append(f"cut at {cut}")
    return bytes(out), ", ".join(notes)


def mutant(name: str, data: bytes, index: int) -> tuple[bytes, str]:
    return mutate(data, random.Random(f"{name}:{index}"))


# -- the child: parse a batch, report each mutant as one JSON line ---------------------------------------


def child(seed_dir: str, jobs: list[tuple[str, int]]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GUARD_BYTES, GUARD_BYTES))
    # Results go to the real stdout; what libraries print there (xlrd warns on stdout) goes to stderr.
    report = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    sys.path.insert(0, str(ROOT))
    import logging

    logging.disable(logging.CRITICAL)
    import parsers

    for name, index in jobs:
        data, how = mutant(name, (Path(seed_dir) / name).read_bytes(), index)
        print(json.dumps({"start": [name, index]}), file=report, flush=True)
        started = time.perf_counter()
        result: dict[str, Any] = {"case": name, "index": index, "how": how}
        try:
            parsers.parse(data, path=f"{name}-{index}")
            result["outcome"] = "read"
        except parsers.EnvironmentFailure as exc:
            result["outcome"] = "environment"
            result["detail"] = f"{type(exc).__name__}: {exc}"[:200]
        except parsers.LimitExceeded as exc:
            result["outcome"] = "limit"
            result["detail"] = f"{exc.limit}"
        except parsers.UnreadableDocument as exc:
            result["outcome"] = "unreadable"
            result["detail"] = str(exc)[:200]
        except BaseException as exc:  # noqa: BLE001 - what the fuzzer is looking for
            frames = traceback.extract_tb(exc.__traceback__)
            ours = [f for f in frames if "/parsers/" in f.filename] or frames
            where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno} {ours[-1].name}" if ours else "?"
            result["outcome"] = "traceback"
            result["detail"] = f"{type(exc).__name__}: {str(exc)[:160]} at {where}"
            result["where"] = where
            result["type"] = type(exc).__name__
        result["seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(result), file=report, flush=True)


# -- the parent ------------------------------------------------------------------------------------------


def _lines(proc: subprocess.Popen[bytes], deadline: float) -> tuple[list[str], bool]:
    """Lines the child wrote until `deadline` (monotonic) or until it exits; True when it timed out."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buf = b""
    lines: list[str] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return lines, True
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            if buf:
                lines.append(buf.decode())
            return lines, False
        buf += chunk
        *done, buf = buf.split(b"\n")
        lines += [d.decode() for d in done]
        if done:
            return lines, False


def run(jobs: list[tuple[str, int]], seed_dir: str, deadline: float) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NIANBAO_PARSE_BUDGET": PARSE_BUDGET}
    pending = list(jobs)
    total = len(jobs)
    while pending:
        batch, pending = pending[:BATCH], pending[BATCH:]
        proc = subprocess.Popen([sys.executable, __file__, "--child", seed_dir, json.dumps(batch)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        current: tuple[str, int] | None = None
        until = time.monotonic() + deadline
        done_in_batch = 0
        while True:
            lines, timed_out = _lines(proc, until)
            for line in lines:
                msg = json.loads(line)
                if "start" in msg:
                    current = (msg["start"][0], msg["start"][1])
                    until = time.monotonic() + deadline
                else:
                    results.append(msg)
                    done_in_batch += 1
                    current = None
            if timed_out:
                os.killpg(proc.pid, 9)
                proc.wait()
                if current is not None:
                    results.append({"case": current[0], "index": current[1], "outcome": "hang",
                                    "detail": f"no result after {deadline:g} s"})
                    done_in_batch += 1
                break
            if proc.poll() is not None and not lines:
                if current is not None:  # died inside a parse: a crash (segfault, abort)
                    results.append({"case": current[0], "index": current[1], "outcome": "crash",
                                    "detail": f"child exited {proc.returncode}"})
                    done_in_batch += 1
                break
        pending = batch[done_in_batch:] + pending
        print(f"\r{len(results)}/{total} mutants", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutants", type=int, default=20, help="damaged copies per document (default 20)")
    ap.add_argument("--first", type=int, default=0, help="index of the first mutant (another run, other seeds)")
    ap.add_argument("--only", nargs="*", help="only documents of these kinds (html, pdf, docx, ole, …)")
    ap.add_argument("--deadline", type=float, default=DEADLINE, help="seconds per mutant before it is a hang")
    ap.add_argument("--out", help="write every result as JSON here")
    ap.add_argument("--replay", help="CASE:INDEX — parse one mutant here, with its traceback")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], [tuple(j) for j in json.loads(args.child[1])])
        return
    found = seeds()
    if args.replay:
        name, index = args.replay.rsplit(":", 1)
        data, how = mutant(name, found[name][1], int(index))
        print(f"{name}:{index}: {how}", file=sys.stderr)
        import parsers

        parsers.parse(data, path=f"{name}-{index}")
        return
    chosen = {n: d for n, (kind, d) in found.items() if not args.only or kind in args.only}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nianbao-fuzz-") as tmp:
        for name, data in chosen.items():
            (Path(tmp) / name).write_bytes(data)
        jobs = [(name, i) for i in range(args.first, args.first + args.mutants) for name in chosen]
        results = run(jobs, tmp, args.deadline)
    elapsed = time.monotonic() - started
    outcomes = collections.Counter(r["outcome"] for r in results)
    kinds = collections.Counter(found[r["case"]][0] for r in results)
    print(f"documents: {len(chosen)}  mutants tried: {len(results)}  in {elapsed:.0f} s")
    print("by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("outcomes: " + ", ".join(f"{k} {n}" for k, n in outcomes.most_common()))
    print(f"tracebacks: {outcomes['traceback']}  hangs: {outcomes['hang']}  crashes: {outcomes['crash']}")
    bad = [r for r in results if r["outcome"] in ("traceback", "hang", "crash")]
    grouped = collections.defaultdict(list)
    for r in bad:
        grouped[(r["outcome"], r.get("type", ""), r.get("where", ""))].append(r)
    for (outcome, _type, _where), rs in sorted(grouped.items(), key=lambda g: -len(g[1])):
        r = rs[0]
        print(f"  {len(rs):4} {outcome}: {r.get('detail')}  e.g. --replay {r['case']}:{r['index']} ({r.get('how', '')})")
    if args.out:
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
