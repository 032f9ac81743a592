"""`runner lint`: sqlfluff over the SQL (jinja templater: no database needed)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from runner.errors import RunnerError

DEFAULT_PATHS = ("models", "tests", "snapshots")


def lint(project: Path, paths: tuple[str, ...], fix: bool, out: Console) -> int:
    """Lint (or fix) the given paths; 0 when clean, 1 with each violation listed."""
    from sqlfluff.core import FluffConfig, Linter

    targets = paths or tuple(p for p in DEFAULT_PATHS if (project / p).exists())
    resolved = []
    for path in targets:
        full = (project / path) if not Path(path).is_absolute() else Path(path)
        if not full.exists():
            raise RunnerError(f"no such file or directory: {path}", "give paths inside the project")
        resolved.append(str(full))
    config = FluffConfig.from_path(str(project))
    linter = Linter(config=config)
    result = linter.lint_paths(tuple(resolved), fix=fix, apply_fixes=fix)
    if fix:
        result.persist_changes(formatter=None, fixed_file_suffix="")
    violations = 0
    for linted_dir in result.paths:
        for linted_file in linted_dir.files:
            shown = Path(linted_file.path).resolve()
            where = shown.relative_to(project) if shown.is_relative_to(project) else shown
            for violation in linted_file.get_violations():
                violations += 1
                line = getattr(violation, "line_no", 0)
                column = getattr(violation, "line_pos", 0)
                out.print(f"{where}:{line}:{column}: {violation.rule_code()} {violation.desc()}")
    if violations:
        out.print(f"{violations} lint problem(s) in {len(resolved)} path(s); `runner lint --fix` fixes most")
        return 1
    out.print(f"lint clean: {', '.join(targets)}")
    return 0
