"""Run a few long-lived processes side by side and stop them all together (no Django import).

``tindus serve`` runs the web server and a task worker with it. Ctrl-C (SIGINT) or SIGTERM stops every
one of them, waits for them to finish what they are doing, and exits 0; if one stops by itself, the
others are stopped too and the exit code says so. Each child leads a process group of its own, so that
a terminal's Ctrl-C reaches the supervisor alone and the stop is forwarded once, to the whole group
(the child and anything it started); on Linux a child also gets SIGTERM if the supervisor is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class Program:
    name: str
    argv: Sequence[str]


@dataclass(frozen=True)
class Outcome:
    code: int  # 0 when stopped by a signal
    ended: str | None = None  # the program that stopped by itself, if one did


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux for SIGTERM when the supervisor dies (PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def run(programs: Sequence[Program], env: Mapping[str, str] | None = None, stop_timeout: float = 20.0) -> Outcome:
    """Start ``programs``, wait for a stop signal or for one of them to end, then stop them all."""
    stop_requested: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, _frame: stop_requested.append(signum))
                for signum in STOP_SIGNALS}  # fmt: skip
    started: list[tuple[Program, subprocess.Popen]] = []
    ended: tuple[Program, int] | None = None
    try:
        for program in programs:
            process = subprocess.Popen(
                list(program.argv), env=dict(env) if env is not None else None, start_new_session=True,
                preexec_fn=_die_with_parent,
            )  # fmt: skip
            started.append((program, process))
        while not stop_requested and ended is None:
            for program, process in started:
                if process.poll() is not None:
                    ended = (program, process.returncode)
                    break
            else:
                time.sleep(0.2)
    finally:
        _stop_all(started, stop_timeout)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if ended is not None and not stop_requested:
        program, code = ended
        return Outcome(code or 1, program.name)
    return Outcome(0)


def _stop_all(started: list[tuple[Program, subprocess.Popen]], timeout: float) -> None:
    """SIGTERM to every group, then SIGKILL to what is left after ``timeout`` seconds (or still in a group)."""
    for _program, process in started:
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for _program, process in started:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()
    for _program, process in started:  # grandchildren that outlived their parent
        _signal_group(process, signal.SIGKILL)
