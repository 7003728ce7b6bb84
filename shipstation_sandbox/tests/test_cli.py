"""`python -m shipstation_sandbox` starts, prints its URL, serves, and stops on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def test_cli_starts_serves_and_stops():
    process = subprocess.Popen(
        [sys.executable, "-m", "shipstation_sandbox", "--port", "0", "--orders", "30", "--rate-limit", "5/60",
         "--reset-format", "fractional", "--latency", "0", "--api-key", "k", "--api-secret", "s",
         "--filter-start", "exclusive", "--max-page-size", "10"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("ShipStation sandbox listening on http://127.0.0.1:")
        url = line.split()[-1]
        response = requests.get(url + "/orders", auth=("k", "s"), params={"pageSize": 50}, timeout=5)
        assert response.status_code == 200 and len(response.json()["orders"]) == 10
        assert response.headers["X-Rate-Limit-Limit"] == "5" and "." in response.headers["X-Rate-Limit-Reset"]
        assert requests.get(url + "/__sandbox/config", timeout=5).json()["filter_start"] == "exclusive"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
