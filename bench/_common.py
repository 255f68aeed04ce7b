"""Helpers shared by the benchmarks: Django set-up, and measuring a step in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tindus.config.settings")
    import django

    django.setup()


def peak_rss_gb() -> float:
    """This process's peak resident memory (VmHWM: per address space, so not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def measure(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh Python process; return its printed JSON (timed work, rows, peak memory)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "bench")},
    )  # fmt: skip
    output, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"benchmark step failed ({process.returncode}): {code[:80]}")
    result = json.loads(output.strip().splitlines()[-1])
    return {"process_seconds": time.monotonic() - started, **result}
