"""The benchmark scripts still run end to end (on tiny data; their figures are not asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


def test_throughput_benchmark_verifies_both_readers_and_prints_its_table():
    out = _run("benchmarks/throughput.py", "--sizes", "1000", "--repeats", "1")

    assert "verified: both read 1000 orders with the same" in out
    assert "| 1,000 |" in out
    assert "of the raw loop's records/s" in out


def test_pacing_benchmark_prints_a_row_per_latency():
    out = _run("benchmarks/pacing.py", "--orders", "200", "--latencies", "0,3", "--window", "1")

    rows = [line.split() for line in out.splitlines() if line.strip().endswith(tuple("0123456789")) and line.strip()[:1].isdigit()]
    assert [row[0] for row in rows] == ["0s", "3s"]
