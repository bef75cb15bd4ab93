"""Benchmark of the guide's build and pages: `python benchmarks/run.py` (see benchmarks/README.md).

It prints, for this machine, in one run:

1. the full build time of the real site and of the same pages written out as plain Markdown
   (every page's Markdown after the macros plugin and the guide's hook, built without either),
   with the ratio between them: the cost of being data-driven;
2. build time and peak memory with 100, 1,000 and 3,000 synthetic roles (copies of the real roles
   with new ids and titles) and the growth factor per 10x;
3. the time `mkdocs serve` takes to rebuild after one role's YAML file is edited;
4. the size of the search index and the bytes a role page and a checklist page load.

Every build is a fresh `python -m mkdocs build` subprocess, as a contributor runs it. Wall time is
what a person waits; CPU time (user + system of the build process) is also given because it
barely moves when other programs share the machine. Peak memory is the build process's maximum
resident set size. Timings are medians; ratios are taken between runs interleaved in this run.
The figures are written to benchmarks/results/latest.json as well.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html.parser
import http.server
import json
import math
import os
import platform
import posixpath
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import add_synthetic_roles, copy_project  # noqa: E402

KIB = 1024
MIB = 1024 * 1024
ROLE_PAGE = "roles/peer-support-worker/index.html"
CHECKLIST_PAGE = "checklists/peer-support-worker/index.html"
EDITED_ROLE = "data/roles/peer-support-worker.yml"
BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")

TARGETS = {  # issue 18, item 5
    "data_driven_ratio": 1.15,  # real site build time / plain-Markdown build time
    "growth_per_10x": 10.5,  # build time at 10x the roles / build time
    "role_page_kib": 450.0,  # what a role page's first visit downloads (HTML, CSS, scripts, search), uncompressed
    # "faster than today on both [engines]": the build cost 1.46x the plain pages when the issue was
    # filed (MkDocs; every build was cold then, there was no build cache); Zensical could not build it
    "before_the_issue_ratio": 1.46,
}


# ----------------------------------------------------------------------------- one build


@dataclass
class Run:
    wall: float  # seconds, from start to exit of the process
    cpu: float  # seconds of user + system time of the process
    rss_mib: float | None  # peak resident memory of the process
    reported: float | None  # MkDocs's own "Documentation built in" (excludes start-up and config)
    warnings: int


def _env(**extra: str) -> dict:
    """The builds' environment. Python keeps compiled bytecode, as it does on any machine by default
    (a sandbox or CI image may turn that off with PYTHONDONTWRITEBYTECODE): otherwise every build
    would compile the guide's own code again (about 0.13 s here), which the installed libraries of
    the plain build never do. The untimed first round of each measurement writes it."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return dict(env, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", **extra)


def measure(cmd: list[str], cwd: Path, env: dict) -> Run:
    """Run one process to completion; its wall time, CPU time and peak memory (its own, via wait4)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            rss = usage.ru_maxrss / (MIB if sys.platform == "darwin" else KIB)
        else:  # Windows: no per-process resource usage from the standard library
            proc.wait()
            wall, cpu, rss = time.perf_counter() - start, float("nan"), None
        out.seek(0)
        log = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"the build failed ({' '.join(cmd)}):\n{log[-4000:]}")
    match = BUILT_IN.search(log)
    warnings = sum(1 for line in log.splitlines() if line.startswith("WARNING"))
    return Run(wall, cpu, rss, float(match.group(1)) if match else None, warnings)


LOADS: list[float] = []  # the 1-minute load average at the start of every timed process


def build(project: Path, site: Path, config: str = "mkdocs.yml", **env: str) -> Run:
    shutil.rmtree(site, ignore_errors=True)
    if hasattr(os, "getloadavg"):
        LOADS.append(os.getloadavg()[0])
    return measure([sys.executable, "-m", "mkdocs", "build", "-f", str(project / config), "-d", str(site)], project, _env(**env))


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        values = [getattr(r, name) for r in self.runs if getattr(r, name) is not None]
        return statistics.median(values) if values else None

    def peak(self, name: str) -> float | None:
        values = [getattr(r, name) for r in self.runs if getattr(r, name) is not None]
        return max(values) if values else None

    def summary(self) -> dict:
        return {
            "runs": len(self.runs),
            "wall_s": self.median("wall"),
            "cpu_s": self.median("cpu"),
            "mkdocs_reported_s": self.median("reported"),
            "peak_rss_mib": self.peak("rss_mib"),
            "warnings": max((r.warnings for r in self.runs), default=0),
            "all_wall_s": [round(r.wall, 3) for r in self.runs],
            "all_cpu_s": [round(r.cpu, 3) for r in self.runs],
        }


def paired(a: Series, b: Series, name: str) -> float | None:
    """The median of a's time over b's, round by round. In each round the two builds run next to
    each other, so a change in the machine's speed between rounds (on a shared machine CPU time can
    move by a third within a minute) touches both sides of each ratio alike; the ratio of the two
    medians can pair a fast minute of one build with a slow minute of the other."""
    ratios = [getattr(x, name) / getattr(y, name) for x, y in zip(a.runs, b.runs, strict=True)
              if getattr(x, name) and getattr(y, name)]
    return statistics.median(ratios) if ratios else None


# ----------------------------------------------------------------------------- 1. real vs plain


def plain_equivalent(project: Path, work: Path) -> str:
    """Write the plain-Markdown equivalent of the site into `project`; return its config file name.

    One build of the real site with an extra hook (benchmarks/capture_hook.py) writes every page's
    final Markdown into plain-docs/. The plain config inherits mkdocs.yml (same theme, overrides,
    extensions, search and tags plugins, navigation) but drops the macros plugin and the guide's
    hook; pages that the hook keeps out of the navigation stay out of it.
    """
    from mkdocs.utils.yaml import yaml_load

    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        parent = yaml_load(f)
    docs = project / "plain-docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(project / parent.get("docs_dir", "docs"), docs, ignore=shutil.ignore_patterns("*.md"))

    capture = {"INHERIT": "mkdocs.yml", "hooks": list(parent.get("hooks") or []) + [str(HERE / "capture_hook.py")]}
    (project / "mkdocs-capture.yml").write_text(json.dumps(capture), encoding="utf-8")
    build(project, work / "capture-site", "mkdocs-capture.yml", GUIDE_BENCH_PLAIN_DOCS=str(docs))
    shutil.rmtree(work / "capture-site", ignore_errors=True)

    def plugin_name(entry) -> str:
        return entry if isinstance(entry, str) else next(iter(entry))

    not_in_nav = json.loads((project / "plain-not-in-nav.json").read_text(encoding="utf-8"))
    plain = {
        "INHERIT": "mkdocs.yml",
        "docs_dir": "plain-docs",
        "hooks": [str(HERE / "plain_hook.py")],
        "plugins": [p for p in parent.get("plugins") or ["search"] if plugin_name(p) != "macros"],
        "not_in_nav": "\n".join(dict.fromkeys(filter(None, [(parent.get("not_in_nav") or "").strip()] + [f"/{uri}" for uri in not_in_nav]))),
    }
    (project / "mkdocs-plain.yml").write_text(json.dumps(plain), encoding="utf-8")
    return "mkdocs-plain.yml"


def bench_real_vs_plain(work: Path, source: Path, runs: int, synthetic: int = 0) -> tuple[dict, Path, Callable[[], Run]]:
    """Build the site and its plain-Markdown equivalent `runs` times each, interleaved.

    With `synthetic` > 0 the site has that many synthetic roles added, to show how the cost of
    being data-driven splits into a fixed part (start-up, model, templates) and a part per page.
    """
    name = f"real-{synthetic}" if synthetic else "real"
    project = copy_project(work / name, source)
    if synthetic:
        add_synthetic_roles(project, synthetic)
    plain_cfg = plain_equivalent(project, work)
    plain_env = {"GUIDE_BENCH_PLAIN_GLOBALS": str(project / "plain-globals.json")}
    build(project, work / "warm-real")  # warm the disk cache and the bytecode caches, untimed
    build(project, work / "warm-plain", plain_cfg, **plain_env)
    for warm in ("warm-real", "warm-plain"):
        shutil.rmtree(work / warm, ignore_errors=True)
    real, cold, plain, plain_cached = Series(), Series(), Series(), Series()
    site = work / f"{name}-site"
    def cold_build():
        cold.runs.append(build(project, work / "cold-site", GUIDE_CACHE="off"))  # everything made afresh
        shutil.rmtree(work / "cold-site", ignore_errors=True)

    def one_plain_build() -> Run:  # also for the Zensical rounds, next to each of them
        run = build(project, work / "plain-site", plain_cfg, **plain_env)
        shutil.rmtree(work / "plain-site", ignore_errors=True)
        return run

    def plain_build():
        plain.runs.append(one_plain_build())

    def warm_build():
        real.runs.append(build(project, site))  # the build cache, filled by the warm-up build

    def plain_cached_build():  # the plain build with the theme's compiled templates kept, as the guide's hook keeps them
        if not synthetic:
            plain_cached.runs.append(build(project, work / "plain-site", plain_cfg, GUIDE_BENCH_THEME_CACHE="1", **plain_env))
            shutil.rmtree(work / "plain-site", ignore_errors=True)

    # Interleaved, so that all four see the same load on the machine; each compared pair runs next
    # to each other (cold and plain, plain and warm), in the opposite order every other round, so
    # that a machine slowing down or speeding up favours neither side (`paired`).
    order = [cold_build, plain_build, warm_build, plain_cached_build]
    for index in range(runs):
        for step in order if index % 2 == 0 else order[::-1]:
            step()
        if index < runs - 1:
            shutil.rmtree(site, ignore_errors=True)
    result = {"synthetic_roles": synthetic, "real": real.summary(), "real_cold": cold.summary(), "plain_markdown": plain.summary()}
    if plain_cached.runs:
        result["plain_theme_cache"] = plain_cached.summary()
        result["ratio_cpu_same_theme_cache"] = paired(real, plain_cached, "cpu")
        result["ratio_cold_cpu_same_theme_cache"] = paired(cold, plain_cached, "cpu")
    result["ratio_wall"] = paired(real, plain, "wall")
    result["ratio_cpu"] = paired(real, plain, "cpu")
    result["ratio_cold_wall"] = paired(cold, plain, "wall")
    result["ratio_cold_cpu"] = paired(cold, plain, "cpu")
    # the ratio of the medians, as the benchmark reported before it paired the rounds
    result["ratio_of_medians_cpu"] = real.median("cpu") / plain.median("cpu")
    result["ratio_of_medians_cold_cpu"] = cold.median("cpu") / plain.median("cpu")
    if real.median("reported") and plain.median("reported"):
        result["ratio_mkdocs_reported"] = real.median("reported") / plain.median("reported")
    result["pages"] = sum(1 for _ in site.rglob("index.html"))
    if synthetic:
        shutil.rmtree(project, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
    return result, site, one_plain_build


# ----------------------------------------------------------------------------- 2. scaling


def per_10x(t_small: float, t_large: float, n_small: int, n_large: int) -> float:
    """Growth of build time for 10x the roles, from two sizes (equal to t_large/t_small at 10x)."""
    return (t_large / t_small) ** (1 / math.log10(n_large / n_small))


def bench_scaling(work: Path, source: Path, sizes: list[int], runs: int) -> dict:
    rows = []
    real_roles = sum(1 for _ in (source / "data" / "roles").glob("*.yml"))
    for size in sizes:
        project = copy_project(work / f"roles-{size}", source)
        add_synthetic_roles(project, size)
        series = Series()
        index_bytes = site_bytes = pages = None
        for index in range(runs):
            site = work / f"roles-{size}-site"
            series.runs.append(build(project, site, GUIDE_CACHE="off"))  # cold: every build makes everything
            if index == 0:
                index_bytes = (site / "search" / "search_index.json").stat().st_size
                site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
                pages = sum(1 for _ in site.rglob("index.html"))
            shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(project, ignore_errors=True)
        rows.append(dict(synthetic_roles=size, roles=size + real_roles, pages=pages, search_index_bytes=index_bytes, site_bytes=site_bytes, **series.summary()))
        print(f"  {size:>5} synthetic roles: {rows[-1]['wall_s']:.1f} s, {rows[-1]['peak_rss_mib']:.0f} MiB", flush=True)
    growth = []
    for small, large in zip(rows, rows[1:], strict=False):
        n0, n1 = small["roles"], large["roles"]
        growth.append({
            "from_roles": n0, "to_roles": n1,
            "per_10x_wall": per_10x(small["wall_s"], large["wall_s"], n0, n1),
            "per_10x_cpu": per_10x(small["cpu_s"], large["cpu_s"], n0, n1),
            "ms_per_added_role_wall": 1000 * (large["wall_s"] - small["wall_s"]) / (n1 - n0),
            "ms_per_added_role_cpu": 1000 * (large["cpu_s"] - small["cpu_s"]) / (n1 - n0),
        })
    return {"sizes": rows, "growth": growth}


# ----------------------------------------------------------------------------- 3. serve rebuild


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_serve_rebuild(work: Path, source: Path, edits: int) -> dict:
    """Start `mkdocs serve`, edit one role's YAML file, and time until the server reloads browsers.

    MkDocs 1.6 polls the watched folders every 0.5 s, waits 0.1 s for changes to settle, then runs
    a full build (the guide's pages all depend on the whole model, so there is no partial rebuild).
    `edit_to_reload` is what a contributor waits, from saving the file to the browser reloading;
    `rebuild` is the build alone, from MkDocs's "Building documentation..." to "Reloading browsers".
    """
    project = copy_project(work / "serve", source)
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=project, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()

    def reader():
        for line in proc.stdout:
            lines.put((time.perf_counter(), line.rstrip()))
        lines.put((time.perf_counter(), None))

    threading.Thread(target=reader, daemon=True).start()

    def wait_for(text: str, timeout: float = 600) -> list[tuple[float, str]]:
        seen = []
        deadline = time.perf_counter() + timeout
        while True:
            stamp, line = lines.get(timeout=max(0.1, deadline - time.perf_counter()))
            if line is None:
                raise SystemExit("mkdocs serve stopped:\n" + "\n".join(text for _, text in seen[-30:]))
            seen.append((stamp, line))
            if text in line:
                return seen

    role_file = project / EDITED_ROLE
    original = role_file.read_text(encoding="utf-8")
    edit_to_reload, rebuild, reported = [], [], []
    try:
        wait_for("Serving on")
        for number in range(edits):
            time.sleep(1.5)  # let the poller take its snapshot of the unedited file
            text = original.replace("\ntitle: ", f"\ntitle: Edited {number} ", 1) if number % 2 == 0 else original
            role_file.write_text(text, encoding="utf-8")
            saved = time.perf_counter()
            seen = wait_for("Reloading browsers")
            done = seen[-1][0]
            started = next((s for s, text in seen if "Building documentation" in text), None)
            built = next((BUILT_IN.search(text) for _, text in seen if BUILT_IN.search(text)), None)
            edit_to_reload.append(done - saved)
            if started is not None:
                rebuild.append(done - started)
            if built:
                reported.append(float(built.group(1)))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(project, ignore_errors=True)
    return {
        "edits": edits,
        "edit_to_reload_s": statistics.median(edit_to_reload),
        "rebuild_s": statistics.median(rebuild) if rebuild else None,
        "mkdocs_reported_s": statistics.median(reported) if reported else None,
        "all_edit_to_reload_s": [round(v, 3) for v in edit_to_reload],
    }


# ----------------------------------------------------------------------------- 5. the second engine


def zensical_binary() -> Path | None:
    beside = Path(sys.executable).parent / ("zensical.exe" if os.name == "nt" else "zensical")
    found = beside if beside.is_file() else shutil.which("zensical")
    return Path(found) if found else None


def bench_zensical(work: Path, source: Path, runs: int, plain_build: Callable[[], Run]) -> dict | None:
    """The same site on Zensical (README, "Building with Zensical"): `python -m macros generate
    --zensical` writes the source, exports included, and `zensical build` builds it. Timed warm, as
    a second build with the same inputs runs (the guide's build cache and Zensical's own .cache from
    the round before), and cold (GUIDE_CACHE=off for the
    guide's steps, Zensical's .cache removed). The site folder goes before every round. Each round
    has the plain-Markdown MkDocs build next to it (before it, then after it, in turn), for the
    paired ratio. None when Zensical is not installed."""
    binary = zensical_binary()
    if binary is None:
        return None
    project = copy_project(work / "zensical", source)
    steps = [
        ("generate", [sys.executable, "-m", "macros", "generate", "--zensical"]),
        ("zensical_build", [str(binary), "build", "-f", "mkdocs.zensical.yml"]),
    ]

    def one_round(cold: bool) -> dict[str, Run]:
        for folder in ("site", ".cache") if cold else ("site",):
            shutil.rmtree(project / folder, ignore_errors=True)
        env = _env(GUIDE_CACHE="off") if cold else _env()
        if hasattr(os, "getloadavg"):
            LOADS.append(os.getloadavg()[0])
        return {name: measure(cmd, project, env) for name, cmd in steps}

    one_round(cold=False)  # fills the build cache, untimed
    warm: dict[str, Series] = {name: Series() for name, _ in steps}
    cold: dict[str, Series] = {name: Series() for name, _ in steps}
    ratios: dict[str, list[float]] = {"warm": [], "cold": []}  # the steps' CPU time / the plain build's, per round
    for index in range(runs):
        for state, series in (("cold", cold), ("warm", warm)):
            if index % 2 == 0:
                plain, timed = plain_build(), one_round(cold=state == "cold")
            else:
                timed, plain = one_round(cold=state == "cold"), plain_build()
            for name, run in timed.items():
                series[name].runs.append(run)
            ratios[state].append(sum(run.cpu for run in timed.values()) / plain.cpu)
    pages = sum(1 for _ in (project / "site").rglob("index.html"))
    shutil.rmtree(project, ignore_errors=True)

    def totals(series: dict[str, Series], state: str) -> dict:
        out = {name: one.summary() for name, one in series.items()}
        out["total_wall_s"] = sum(one.median("wall") for one in series.values())
        out["total_cpu_s"] = sum(one.median("cpu") for one in series.values())
        out["ratio_cpu"] = statistics.median(ratios[state])  # paired, as `paired` does for MkDocs
        out["all_ratios_cpu"] = [round(r, 3) for r in ratios[state]]
        return out

    return {"zensical": metadata.version("zensical"), "pages": pages, "warm": totals(warm, "warm"), "cold": totals(cold, "cold")}


# ----------------------------------------------------------------------------- 4. page weight


class _Assets(html.parser.HTMLParser):
    """The files an HTML page references that a browser fetches on load."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, url)
        self._config = False
        self.config_text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel):
            self.found.append(("css" if "stylesheet" in rel else "other", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag in ("img", "source", "video", "audio") and (a.get("src") or a.get("srcset")):
            self.found.append(("images", (a.get("src") or a["srcset"].split(",")[0].split()[0])))
        elif tag == "script" and a.get("id") == "__config":
            self._config = True

    def handle_data(self, data):
        if self._config:
            self.config_text += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._config = False


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local(site: Path, page_dir: str, url: str) -> Path | None:
    if url.startswith(("data:", "http:", "https:", "//", "#", "mailto:")):
        return None
    path = posixpath.normpath(posixpath.join(page_dir, url.split("#")[0].split("?")[0]))
    return site / path


def page_weight(site: Path, page: str) -> dict:
    """Bytes a page loads on a first visit (uncompressed), read from its HTML: HTML, CSS (and what CSS
    loads), JS, images. The search worker and index are counted apart (`with_search_total_bytes`):
    the guide fetches them when the reader starts to use search. `browser_first_visit` checks these
    figures against what Chromium actually requests.
    """
    html_path = site / page
    text = html_path.read_text(encoding="utf-8")
    parser = _Assets()
    parser.feed(text)
    page_dir = posixpath.dirname(page)
    sizes = {"html": len(text.encode("utf-8")), "css": 0, "js": 0, "images": 0, "fonts": 0, "other": 0}
    files: dict[str, int] = {}
    seen: set[Path] = set()

    def add(kind: str, path: Path | None):
        if path is None or path in seen or not path.is_file():
            return
        seen.add(path)
        size = path.stat().st_size
        if path.suffix.lower() in (".woff", ".woff2", ".ttf", ".otf"):
            kind = "fonts"
        elif path.suffix.lower() in (".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico") and kind == "other":
            kind = "images"
        sizes[kind] += size
        files[path.relative_to(site).as_posix()] = size
        if path.suffix == ".css":
            css_dir = path.parent.relative_to(site).as_posix()
            for url in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
                add("other", _local(site, css_dir, url))

    for kind, url in parser.found:
        add(kind, _local(site, page_dir, url))
    page_total = sum(sizes.values())
    # the search index and worker: fetched when the reader starts to use search (search-on-demand.js)
    search = {"worker": 0, "index": 0}
    worker_path = index_path = None
    try:
        config = json.loads(parser.config_text) if parser.config_text.strip() else {}
    except json.JSONDecodeError:
        config = {}
    if 'name="search"' in text or "name=search" in text:
        worker = _local(site, page_dir, config.get("search", "")) if config.get("search") else None
        if worker is not None and worker.is_file():
            search["worker"], worker_path = worker.stat().st_size, worker
        index = site / "search" / "search_index.json"
        if index.is_file():
            search["index"], index_path = index.stat().st_size, index
    counted = [site / f for f in files] + [p for p in (worker_path, index_path) if p is not None]
    return {
        "page": page,
        "first_visit_gzip_bytes": len(gzip.compress(text.encode("utf-8"), 6)) + sum(len(gzip.compress((site / f).read_bytes(), 6)) for f in files),
        "with_search_gzip_bytes": len(gzip.compress(text.encode("utf-8"), 6)) + sum(len(gzip.compress(p.read_bytes(), 6)) for p in counted),
        "bytes_by_kind": sizes,
        "page_total_bytes": page_total,
        "search_bytes": search,
        "first_visit_total_bytes": page_total,
        "with_search_total_bytes": page_total + search["worker"] + search["index"],
        "files": files,
    }


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def browser_first_visit(site: Path, page: str, browser=None) -> dict | None:
    """What headless Chromium requests for a page: on a first visit (empty cache, until the network is
    idle), then after the reader focuses the search box and types a word (until results show). Sizes
    are the files' bytes on disk (uncompressed). `browser`: a Playwright browser to use (the tests'
    one); without it, Debian's Chromium is started here. None when Playwright or Chromium is missing."""
    if browser is not None:
        return _first_visit(site, page, browser)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return None
    with sync_playwright() as p:
        own = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            return _first_visit(site, page, own)
        finally:
            own.close()


def _first_visit(site: Path, page: str, browser) -> dict:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def local(url: str) -> tuple[str, int]:
        path = unquote(urlsplit(url).path).lstrip("/")
        file = site / path
        if file.is_dir() or path == "" or path.endswith("/"):
            file = file / "index.html"
        return file.relative_to(site).as_posix(), (file.stat().st_size if file.is_file() else 0)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        seen: list[str] = []
        tab.on("request", lambda request: seen.append(request.url))
        tab.goto(base + posixpath.dirname(page) + "/", wait_until="load")
        tab.wait_for_load_state("networkidle")
        tab.wait_for_timeout(1000)
        first = [u for u in seen if u.startswith(base)]
        others = [u for u in seen if not u.startswith(base) and not u.startswith("data:")]
        tab.locator(".md-search__input").click()
        tab.keyboard.type("supervision")
        tab.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30000)
        tab.wait_for_load_state("networkidle")
        after = [u for u in seen if u.startswith(base)][len(first):]
    finally:
        context.close()
        server.shutdown()
    first_files = dict(local(u) for u in first)
    search_files = {k: v for k, v in (local(u) for u in after) if k not in first_files}
    return {
        "first_visit_files": first_files,
        "first_visit_bytes": sum(first_files.values()),
        "other_hosts": others,
        "search_files": search_files,
        "with_search_bytes": sum(first_files.values()) + sum(search_files.values()),
    }


def bench_pages(site: Path) -> dict:
    index = site / "search" / "search_index.json"
    script = site / "assets" / "javascripts" / "checklist.js"
    script_bytes = script.read_bytes() if script.is_file() else b""
    return {
        "search_index_bytes": index.stat().st_size,
        "search_index_gzip_bytes": len(gzip.compress(index.read_bytes(), 6)),
        "role_page": page_weight(site, ROLE_PAGE),
        "role_page_browser": browser_first_visit(site, ROLE_PAGE),
        "checklist_page": page_weight(site, CHECKLIST_PAGE),
        "checklist_script_bytes": len(script_bytes),
        "checklist_script_gzip_bytes": len(gzip.compress(script_bytes, 6)) if script_bytes else 0,
    }


# ----------------------------------------------------------------------------- machine


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / MIB, 1)
    except OSError:
        pass

    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs_material": version("mkdocs-material"),
        "mkdocs_macros_plugin": version("mkdocs-macros-plugin"),
        "markdown": version("Markdown"),
        "jinja2": version("Jinja2"),
    }


def load() -> float | None:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


# ----------------------------------------------------------------------------- report


def verdicts(results: dict) -> list[dict]:
    out = []

    def check(name: str, value: float | None, limit: float, unit: str, what: str):
        if value is not None:
            out.append({"target": name, "what": what, "value": round(value, 3), "limit": limit, "unit": unit, "holds": value <= limit})

    real = results.get("real_vs_plain")
    if real:
        check("data_driven_ratio", real["ratio_cpu"], TARGETS["data_driven_ratio"], "x", "real site / plain Markdown, warm build cache, CPU time")
        check("data_driven_ratio", real["ratio_wall"], TARGETS["data_driven_ratio"], "x", "real site / plain Markdown, warm build cache, wall time")
        check("data_driven_ratio", real["ratio_cold_cpu"], TARGETS["data_driven_ratio"], "x", "real site / plain Markdown, cold (no cache), CPU time")
        check("data_driven_ratio", real["ratio_cold_wall"], TARGETS["data_driven_ratio"], "x", "real site / plain Markdown, cold (no cache), wall time")
        # The plain build with the theme's templates kept compiled is an analysis, not a target: the
        # issue compares with the same pages written by hand, which MkDocs builds without the guide's
        # hook (and so compiles Material's templates every time). It shows how much of the guide's
        # cost is its data once that one gain of the hook is given to the plain build too.
    zensical = results.get("zensical")
    if real and zensical:
        for state in ("warm", "cold"):
            check("before_the_issue_ratio", real["ratio_cpu" if state == "warm" else "ratio_cold_cpu"],
                  TARGETS["before_the_issue_ratio"], "x", f"MkDocs, {state}, CPU time / plain Markdown on MkDocs")
            check("before_the_issue_ratio", zensical[state]["ratio_cpu"], TARGETS["before_the_issue_ratio"],
                  "x", f"Zensical (generate + build), {state}, CPU time / plain Markdown on MkDocs")
    at_scale = results.get("real_vs_plain_at_scale")
    if at_scale:
        check("data_driven_ratio", at_scale["ratio_cpu"], TARGETS["data_driven_ratio"], "x",
              f"real site / plain Markdown with {at_scale['synthetic_roles']} synthetic roles, warm, CPU time")
        check("data_driven_ratio", at_scale["ratio_cold_cpu"], TARGETS["data_driven_ratio"], "x",
              f"real site / plain Markdown with {at_scale['synthetic_roles']} synthetic roles, cold, CPU time")
    scaling = results.get("scaling")
    if scaling:
        for g in scaling["growth"]:
            check("growth_per_10x", g["per_10x_cpu"], TARGETS["growth_per_10x"], "x", f"{g['from_roles']} -> {g['to_roles']} roles, per 10x, cold, CPU time")
            check("growth_per_10x", g["per_10x_wall"], TARGETS["growth_per_10x"], "x", f"{g['from_roles']} -> {g['to_roles']} roles, per 10x, cold, wall time")
    pages = results.get("pages")
    if pages:
        role = pages["role_page"]
        browser = pages.get("role_page_browser")
        if browser:
            check("role_page_kib", browser["first_visit_bytes"] / KIB, TARGETS["role_page_kib"], "KiB", "role page, first visit (Chromium's requests)")
            check("role_page_kib", browser["with_search_bytes"] / KIB, TARGETS["role_page_kib"], "KiB", "role page, first visit and search used once (Chromium)")
        check("role_page_kib", role["first_visit_total_bytes"] / KIB, TARGETS["role_page_kib"], "KiB", "role page, first visit (read from its HTML)")
        check("role_page_kib", role["with_search_total_bytes"] / KIB, TARGETS["role_page_kib"], "KiB", "role page, first visit and search used (read from its HTML)")
    return out


def _s(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_report(results: dict) -> None:
    m = results["machine"]
    print()
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}")
    print(f"Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['mkdocs_material']}, mkdocs-macros-plugin {m['mkdocs_macros_plugin']}")
    print(f"Load average (1 min): {_s(results['load_start'])} at start, {_s(results['load_median_during_builds'])} median at the start of builds,"
          f" {_s(results['load_end'])} at end (more than {m['cores']} means other programs competed for the CPU)")
    for key in ("real_vs_plain", "real_vs_plain_at_scale"):
        real = results.get(key)
        if not real:
            continue
        r, p = real["real"], real["plain_markdown"]
        what = f"with {real['synthetic_roles']} synthetic roles, " if real["synthetic_roles"] else ""
        heading = f"1. Full build, {what}median of {r['runs']} ({real['pages']} pages)"
        print(f"\n{heading}")
        print(f"   {'':<48}wall s   cpu s   mkdocs s   peak MiB")
        print(f"   real site (macros + hook)                       {_s(r['wall_s']):>6}  {_s(r['cpu_s']):>6}   {_s(r['mkdocs_reported_s']):>6}    {_s(r['peak_rss_mib'], 0):>6}")
        c = real["real_cold"]
        print(f"   real site, cold (GUIDE_CACHE=off)               {_s(c['wall_s']):>6}  {_s(c['cpu_s']):>6}   {_s(c['mkdocs_reported_s']):>6}    {_s(c['peak_rss_mib'], 0):>6}")
        print(f"   same pages as plain Markdown                    {_s(p['wall_s']):>6}  {_s(p['cpu_s']):>6}   {_s(p['mkdocs_reported_s']):>6}    {_s(p['peak_rss_mib'], 0):>6}")
        print(f"   ratio, warm cache (target <= {TARGETS['data_driven_ratio']}x)              {_s(real['ratio_wall']):>6}  {_s(real['ratio_cpu']):>6}   {_s(real.get('ratio_mkdocs_reported')):>6}")
        print(f"   ratio, cold                                     {_s(real['ratio_cold_wall']):>6}  {_s(real['ratio_cold_cpu']):>6}")
        print("   (ratios: the median of each round's ratio, the two builds run next to each other; the ratio of the"
              f" medians: warm {_s(real.get('ratio_of_medians_cpu'))}, cold {_s(real.get('ratio_of_medians_cold_cpu'))} cpu)")
        if "plain_theme_cache" in real:
            q = real["plain_theme_cache"]
            print(f"   plain Markdown, theme templates kept compiled   {_s(q['wall_s']):>6}  {_s(q['cpu_s']):>6}   {_s(q['mkdocs_reported_s']):>6}    {_s(q['peak_rss_mib'], 0):>6}")
            print(f"   ratio against it, warm / cold (the cost of the data alone; not a target)  {_s(real['ratio_cpu_same_theme_cache']):>6} / {_s(real['ratio_cold_cpu_same_theme_cache'])}  (cpu)")
    z = results.get("zensical")
    if z:
        real = results["real_vs_plain"]
        w, c = z["warm"], z["cold"]
        print(f"\n   The same site on Zensical {z['zensical']} ({z['pages']} pages), median of {w['generate']['runs']}: wall s (cpu s)")
        print(f"   {'':<30}{'generate':>14}{'zensical build':>18}{'total':>14}   mkdocs build")
        for label, one, mk in (("warm build cache", w, real["real"]), ("cold (GUIDE_CACHE=off)", c, real["real_cold"])):
            cells = "".join(f"{_s(one[k]['wall_s']):>8} ({_s(one[k]['cpu_s'])})" for k in ("generate", "zensical_build"))
            print(f"   {label:<30}{cells}{_s(one['total_wall_s']):>8} ({_s(one['total_cpu_s'])})   {_s(mk['wall_s'])} ({_s(mk['cpu_s'])})")
        print(f"   CPU time / the plain MkDocs build run next to it, median of the rounds: warm {_s(w['ratio_cpu'])}"
              f" {w['all_ratios_cpu']}, cold {_s(c['ratio_cpu'])} {c['all_ratios_cpu']}")
    elif "zensical" in results:
        print("\n   (Zensical is not installed: its timing was skipped)")
    scaling = results.get("scaling")
    if scaling:
        print(f"\n2. Synthetic roles (median of {scaling['sizes'][0]['runs']})   roles   pages   wall s   cpu s   peak MiB   search index MiB")
        for row in scaling["sizes"]:
            print(f"   {row['synthetic_roles']:>5} synthetic               {row['roles']:>6}  {row['pages']:>6}  {_s(row['wall_s'], 1):>6}  {_s(row['cpu_s'], 1):>6}"
                  f"   {_s(row['peak_rss_mib'], 0):>7}   {_s(row['search_index_bytes'] / MIB, 1):>8}")
        for g in scaling["growth"]:
            print(f"   {g['from_roles']:>5} -> {g['to_roles']:<5} roles: x{_s(g['per_10x_wall'])} per 10x (cpu x{_s(g['per_10x_cpu'])}),"
                  f" {_s(g['ms_per_added_role_wall'], 0)} ms wall, {_s(g['ms_per_added_role_cpu'], 0)} ms cpu per added role (target <= x{TARGETS['growth_per_10x']} per 10x)")
    serve = results.get("serve_rebuild")
    if serve:
        print(f"\n3. mkdocs serve, one role YAML edited (median of {serve['edits']})")
        print(f"   save -> browsers reloaded {_s(serve['edit_to_reload_s'])} s; rebuild alone {_s(serve['rebuild_s'])} s (MkDocs reports {_s(serve['mkdocs_reported_s'])} s)")
    pages = results.get("pages")
    if pages:
        print("\n4. Page weight (uncompressed KiB)      html    css     js  images  fonts  | first visit  + search worker + index = search used")
        for key in ("role_page", "checklist_page"):
            w = pages[key]
            b = w["bytes_by_kind"]
            print(f"   {w['page']:<36}{b['html'] / KIB:>5.0f} {b['css'] / KIB:>6.0f} {b['js'] / KIB:>6.0f} {b['images'] / KIB:>7.0f} {b['fonts'] / KIB:>6.0f}"
                  f"  | {w['page_total_bytes'] / KIB:>4.0f} ({w['first_visit_gzip_bytes'] / KIB:.0f} gz)  + {w['search_bytes']['worker'] / KIB:>4.0f} + {w['search_bytes']['index'] / KIB:>4.0f}"
                  f" = {w['with_search_total_bytes'] / KIB:.0f} ({w['with_search_gzip_bytes'] / KIB:.0f} gzipped)")
        browser = pages.get("role_page_browser")
        if browser:
            print(f"   Chromium, role page: first visit {browser['first_visit_bytes'] / KIB:.0f} KiB in {len(browser['first_visit_files'])} files"
                  f" (other hosts: {len(browser['other_hosts'])}); after focusing search and typing a word,"
                  f" + {', '.join(browser['search_files'])} = {browser['with_search_bytes'] / KIB:.0f} KiB")
        else:
            print("   (Chromium or Playwright missing: the first visit was read from the HTML only)")
        print(f"   search index {pages['search_index_bytes'] / KIB:.0f} KiB ({pages['search_index_gzip_bytes'] / KIB:.0f} KiB gzipped);"
              f" checklist.js {pages['checklist_script_bytes'] / KIB:.1f} KiB ({pages['checklist_script_gzip_bytes'] / KIB:.1f} KiB gzipped)")
    print("\nTargets")
    for v in results["targets"]:
        print(f"   {'holds ' if v['holds'] else 'MISSED'}  {v['what']}: {v['value']} {v['unit']} (target <= {v['limit']} {v['unit']})")


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the guide's build and pages.")
    parser.add_argument("--runs", type=int, default=5, help="builds of the real and the plain site (median; default 5)")
    parser.add_argument("--scale-runs", type=int, default=3, help="builds per synthetic size (median; default 3)")
    parser.add_argument("--zensical-runs", type=int, default=None,
                        help="rounds of the Zensical build, warm and cold (median; default: --scale-runs)")
    parser.add_argument("--sizes", default="100,1000,3000", help="synthetic role counts (default 100,1000,3000)")
    parser.add_argument("--ratio-roles", type=int, default=300,
                        help="also compare with plain Markdown at this many synthetic roles, --scale-runs runs (0: skip; default 300)")
    parser.add_argument("--edits", type=int, default=5, help="edits timed under mkdocs serve (default 5)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: scaling, serve, zensical")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    work = Path(tempfile.mkdtemp(prefix="guide-bench-"))
    os.environ["GUIDE_CACHE_DIR"] = str(work / "build-cache")  # the builds' cache: this run's own, deleted with it
    results: dict = {"machine": machine(), "load_start": load(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                     "settings": {"runs": args.runs, "scale_runs": args.scale_runs, "zensical_runs": args.zensical_runs or args.scale_runs, "sizes": sizes, "ratio_roles": args.ratio_roles, "edits": args.edits}}
    try:
        print(f"Benchmarking in {work}", flush=True)
        source = copy_project(work / "source")  # one snapshot of the sources for the whole run
        print(f"1. real site and its plain-Markdown equivalent, {args.runs} runs each", flush=True)
        results["real_vs_plain"], site, plain_build = bench_real_vs_plain(work, source, args.runs)
        results["pages"] = bench_pages(site)
        if "zensical" not in skip:
            zensical_runs = args.zensical_runs or args.scale_runs
            print(f"   and the same site on Zensical, {zensical_runs} runs warm and cold", flush=True)
            results["zensical"] = bench_zensical(work, source, zensical_runs, plain_build)
        if "scaling" not in skip and args.ratio_roles > 0:
            print(f"   and with {args.ratio_roles} synthetic roles, {args.scale_runs} runs each", flush=True)
            results["real_vs_plain_at_scale"], _, _ = bench_real_vs_plain(work, source, args.scale_runs, args.ratio_roles)
        if "scaling" not in skip and sizes:
            print(f"2. synthetic roles {sizes}, {args.scale_runs} runs each", flush=True)
            results["scaling"] = bench_scaling(work, source, sizes, args.scale_runs)
        if "serve" not in skip and args.edits > 0:
            print(f"3. mkdocs serve, {args.edits} edits", flush=True)
            results["serve_rebuild"] = bench_serve_rebuild(work, source, args.edits)
    finally:
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["load_end"] = load()
    results["load_median_during_builds"] = statistics.median(LOADS) if LOADS else None
    results["targets"] = verdicts(results)
    print_report(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"\nWritten to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
