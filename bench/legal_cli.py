"""Start-up of ``polosa legal check --registry FILE.csv``: the engine-only path against the
Django management command doing the same check.

Run: ``.venv/bin/python bench/legal_cli.py [runs]``. Each run is a fresh process checking a
short text against ``tests/legal/fixtures/canonical.csv`` (its compiled matcher cached after
the first run, as in use); prints the median and the spread of wall-clock times side by side.
Target: a median ≤ 0.3 s for the fast path.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REGISTRY = ROOT / "tests" / "legal" / "fixtures" / "canonical.csv"
TEXT = "Вчера Аркадий Перепёлкин выступил в Инстаграме, а Ника Заря промолчала.".encode()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each run: on a shared machine the wall
    clock also counts the time the process waited for a core."""
    times, cpu = [], []
    for _ in range(runs):
        cpu_before = _children_cpu()
        began = time.perf_counter()
        done = subprocess.run(command, input=TEXT, capture_output=True, env=env)
        times.append(time.perf_counter() - began)
        cpu.append(_children_cpu() - cpu_before)
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr.decode())
    return times, cpu


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "POLOSA_VAR_DIR": var,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "polosa.settings",
        }
        fast = [str(BIN / "polosa"), "legal", "check", "--registry", str(REGISTRY)]
        django = [
            str(BIN / "python"),
            "-m",
            "django",
            "legal",
            "check",
            "--registry",
            str(REGISTRY),
        ]
        timed(fast, env, 1)  # the first run compiles and caches the matcher
        rows = [("engine only (polosa)", timed(fast, env, runs))]
        rows.append(("through Django", timed(django, env, max(3, runs // 3))))
    print(f"polosa legal check --registry, short text, {runs} runs")
    for name, (times, cpu) in rows:
        print(
            f"  {name:22} median {statistics.median(times):.3f} s"
            f"  min {min(times):.3f} s  max {max(times):.3f} s"
            f"  CPU median {statistics.median(cpu):.3f} s  ({len(times)} runs)"
        )
    ratio = statistics.median(rows[1][1][0]) / statistics.median(rows[0][1][0])
    print(f"  speed-up: {ratio:.1f}×")


if __name__ == "__main__":
    main()
