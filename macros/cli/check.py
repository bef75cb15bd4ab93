"""`python -m macros check`: run, on your machine, exactly what the pull request workflow runs.

    1. check the data files      python -m macros validate
    2. build the site strictly   python -m mkdocs build --strict (into a temporary folder)
    3. run the tests             python -m pytest

It stops at the first step that fails and ends with a summary of what passed, what failed and what
was not run. `.github/workflows/pr.yml` runs the same commands (a test keeps the two in step).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Step:
    name: str
    command: tuple[str, ...]  # after `python`; "{site}" stands for the temporary site folder
    fix: str  # what to do when it fails


STEPS = (
    Step(
        "Check the data files",
        ("-m", "macros", "validate", "-f", "{config}"),
        "each problem above names the file, line and field, and says how to fix it",
    ),
    Step(
        "Build the site (strict)",
        ("-m", "mkdocs", "build", "--strict", "-f", "{config}", "--site-dir", "{site}"),
        "read the WARNING and ERROR lines above: a broken link or a missing page is the usual cause",
    ),
    Step(
        "Run the tests",
        ("-m", "pytest"),
        "the test names above say what a reader would notice; run one again with `python -m pytest -k NAME`",
    ),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m macros check",
        description="Run what the pull request workflow runs: validate, strict build, tests. Stops at the first "
        "failure.",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default=None,
        help="the MkDocs config to check (default: as the workflows choose: $GUIDE_CONFIG, else mkdocs.local.yml "
        "if it exists, else mkdocs.yml)",
    )
    return parser


def default_config(root: Path = ROOT) -> str:
    """The config the workflows build: $GUIDE_CONFIG (the repository variable), else mkdocs.local.yml when
    it exists, else mkdocs.yml."""
    named = os.environ.get("GUIDE_CONFIG", "").strip()
    if named:
        return named
    return "mkdocs.local.yml" if (root / "mkdocs.local.yml").is_file() else "mkdocs.yml"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = args.config_file or default_config()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    results: list[tuple[Step, str, float]] = []
    with tempfile.TemporaryDirectory(prefix="guide-check-") as tmp:
        site = str(Path(tmp) / "site")
        failed: Step | None = None
        for number, step in enumerate(STEPS, start=1):
            if failed is not None:
                results.append((step, "not run", 0.0))
                continue
            command = [
                sys.executable,
                *(part.replace("{site}", site).replace("{config}", config) for part in step.command),
            ]
            print(f"\n== {number}/{len(STEPS)} {step.name}: python {' '.join(command[1:])}", flush=True)
            started = time.monotonic()
            try:
                code = subprocess.run(command, cwd=ROOT, env=env).returncode
            except KeyboardInterrupt:
                print("\nStopped.")
                return 130
            outcome = "passed" if code == 0 else f"FAILED (exit {code})"
            results.append((step, outcome, time.monotonic() - started))
            if code != 0:
                failed = step

    print("\n== Summary")
    for step, outcome, seconds in results:
        timing = f" in {seconds:.0f} s" if outcome != "not run" else ""
        print(f"  {step.name:<26} {outcome}{timing}")
    if failed is not None:
        print(f"\nThe pull request checks would fail at '{failed.name}'.\n    How to fix: {failed.fix}.")
        return 1
    print("\nEverything the pull request checks run has passed.")
    return 0
