"""`runner lint`: sqlfluff over the SQL (jinja templater: no database needed).

sqlfluff spends about a second per file (it renders each with every macro), so clean
results are remembered in RUNNER_HOME/lint-cache.json, keyed by the file's content and
everything that can change a verdict (.sqlfluff, .sqlfluffignore, the macros, sqlfluff's
version): an unchanged file that was clean is not linted again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from rich.console import Console

from runner.config import runner_home
from runner.errors import RunnerError

DEFAULT_PATHS = ("models", "tests", "snapshots")


def lint(project: Path, paths: tuple[str, ...], fix: bool, out: Console) -> int:
    """Lint (or fix) the given paths; 0 when clean, 1 with each violation listed."""
    import os

    import sqlfluff
    from sqlfluff.core import FluffConfig, Linter

    # sqlfluff's worker pool leaves semaphores for multiprocessing's resource tracker (a
    # child process that reads this variable) to clean up; its note about them is noise
    os.environ.setdefault("PYTHONWARNINGS", "ignore::UserWarning:multiprocessing.resource_tracker")
    targets = paths or tuple(p for p in DEFAULT_PATHS if (project / p).exists())
    resolved = []
    for path in targets:
        full = (project / path) if not Path(path).is_absolute() else Path(path)
        if not full.exists():
            raise RunnerError(f"no such file or directory: {path}", "give paths inside the project")
        resolved.append(full)
    config = FluffConfig.from_path(str(project))
    linter = Linter(config=config)
    files = _sql_files(project, resolved)
    fingerprint = _fingerprint(project, sqlfluff.__version__)
    cache_file = runner_home(project) / "lint-cache.json"
    cache = _read_cache(cache_file, fingerprint) if not fix else {}
    keys = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    todo = [path for path in files if cache.get(keys[path]) != "clean"]
    violations = 0
    if todo:
        result = linter.lint_paths(
            tuple(str(path) for path in todo), fix=fix, apply_fixes=fix, processes=os.cpu_count() or 1,
        )
        if fix:
            result.persist_changes(formatter=None, fixed_file_suffix="")
        for linted_dir in result.paths:
            for linted_file in linted_dir.files:
                shown = Path(linted_file.path).resolve()
                where = shown.relative_to(project) if shown.is_relative_to(project) else shown
                found = linted_file.get_violations()
                if not found and not fix:
                    cache[keys[shown]] = "clean"
                for violation in found:
                    violations += 1
                    line = getattr(violation, "line_no", 0)
                    column = getattr(violation, "line_pos", 0)
                    out.print(f"{where}:{line}:{column}: {violation.rule_code()} {violation.desc()}")
    if not fix:
        _write_cache(cache_file, fingerprint, cache)
    if violations:
        out.print(f"{violations} lint problem(s) in {len(resolved)} path(s); `runner lint --fix` fixes most")
        return 1
    skipped = len(files) - len(todo)
    note = f" ({skipped} unchanged file(s) known clean)" if skipped else ""
    out.print(f"lint clean: {', '.join(str(t) for t in targets)}{note}")
    return 0


def _sql_files(project: Path, paths: list[Path]) -> list[Path]:
    """The .sql files sqlfluff would lint under these paths (its ignore files applied)."""
    from sqlfluff.core.linter.discovery import paths_from_path

    found = []
    for path in paths:
        for name in paths_from_path(str(path), working_path=str(project)):
            found.append(Path(name).resolve())
    return sorted(set(found))


def _fingerprint(project: Path, version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for name in (".sqlfluff", ".sqlfluffignore"):
        path = project / name
        if path.exists():
            digest.update(path.read_bytes())
    # the macros, and the lint-time stand-ins for `adapter` and `dbt` (.sqlfluff library_path)
    library = project / "runner" / "conventions" / "lint_library"
    for macro in sorted([*(project / "macros").rglob("*"), *library.glob("*.py")]):
        if macro.is_file():
            digest.update(str(macro.relative_to(project)).encode())
            digest.update(macro.read_bytes())
    return digest.hexdigest()


def _read_cache(path: Path, fingerprint: str) -> dict:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data.get("files", {}) if data.get("fingerprint") == fingerprint else {}


def _write_cache(path: Path, fingerprint: str, files: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"fingerprint": fingerprint, "files": files}))
        tmp.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time
