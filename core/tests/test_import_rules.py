"""Who may import whom (ARCHITECTURE.md): every import of every app, checked against the ```imports block.

Like the permission matrix on a new URL, a new import between apps fails here until the rules allow it. Files of
``*/tests/*`` and migrations are exempt (tests build the world of every app; migrations are generated).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXEMPT_DIRS = {"tests", "migrations"}
# Calls whose first argument, a string literal, names what they import: core.jobs enqueues a task by its path.
DYNAMIC_IMPORTS = {"import_module", "import_string", "task_at", "enqueue", "enqueue_on_commit"}


@dataclass
class Rules:
    allow: dict[str, list[str]] = field(default_factory=dict)  # source (app or module) -> allowed patterns
    deny: dict[str, list[str]] = field(default_factory=dict)  # source -> forbidden patterns

    @property
    def apps(self) -> set[str]:
        return {source.split(".")[0] for source in self.allow}


def parse_rules(markdown: str) -> Rules:
    """The lines ``source: entry, entry  # comment`` of the first ```imports block."""
    match = re.search(r"^```imports\n(.*?)^```", markdown, re.M | re.S)
    assert match, "ARCHITECTURE.md has no ```imports block"
    rules = Rules()
    for raw in match.group(1).splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        source, _, entries = line.partition(":")
        items = [e.strip() for e in entries.split(",") if e.strip()]
        rules.allow.setdefault(source.strip(), []).extend(e for e in items if not e.startswith("!"))
        rules.deny.setdefault(source.strip(), []).extend(e[1:] for e in items if e.startswith("!"))
    return rules


def _matches(name: str, pattern: str) -> bool:
    return fnmatchcase(name, pattern) or fnmatchcase(name, pattern + ".*")


def _module_of(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the file: ``from a.b import c`` gives ``a.b.c``."""
    module = _module_of(path, root)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                prefix = f"{base}.{node.module}" if node.module else base
            else:
                prefix = node.module or ""
            found += [
                (node.lineno, f"{prefix}.{alias.name}" if alias.name != "*" else prefix)
                for alias in node.names
            ]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in DYNAMIC_IMPORTS and node.args and isinstance(node.args[0], ast.Constant):
                if isinstance(node.args[0].value, str):
                    found.append((node.lineno, node.args[0].value))
    return found


def violations(root: Path, rules: Rules) -> list[str]:
    """Every ``file:line app → app (name)`` the rules forbid, for the apps present under ``root``."""
    apps = rules.apps
    out: list[str] = []
    for app in sorted(apps):
        if not (root / app).is_dir():
            continue  # an app announced in the rules (demo) that does not exist yet
        for path in sorted((root / app).rglob("*.py")):
            if EXEMPT_DIRS & set(path.relative_to(root).parts):
                continue
            module = _module_of(path, root)
            sources = [s for s in rules.allow if module == s or module.startswith(s + ".")]
            allowed = [p for s in sources for p in rules.allow[s]]
            denied = [p for s in sources for p in rules.deny[s]]
            for line, name in imported_names(path, root):
                target = name.split(".")[0]
                where = f"{path.relative_to(root)}:{line} {app} → {target} ({name})"
                if any(_matches(name, p) for p in denied):
                    out.append(where + " is forbidden")
                elif target in apps and target != app and not any(_matches(name, p) for p in allowed):
                    out.append(where)
    return out


def test_every_app_has_import_rules():
    rules = parse_rules((ROOT / "ARCHITECTURE.md").read_text())
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"config"}
    assert apps - rules.apps == set(), (
        "add a line for each new app to the ```imports block of ARCHITECTURE.md"
    )


def test_no_app_imports_what_architecture_md_forbids():
    rules = parse_rules((ROOT / "ARCHITECTURE.md").read_text())
    found = violations(ROOT, rules)
    assert not found, "imports that ARCHITECTURE.md (Who may import whom) forbids:\n" + "\n".join(found)


def test_the_checker_reports_forbidden_imports(tmp_path):
    """The checker on a small tree: imports at any level, relative ones, import_module strings and task paths."""
    for app in ("alpha", "beta", "gamma"):
        (tmp_path / app / "tests").mkdir(parents=True)
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "alpha" / "views.py").write_text(
        "from beta.selectors import visible\n"  # allowed
        "from . import models\n"  # its own app
        "import numpy\n"  # outside the project
        "\n"
        "def page():\n"
        "    from beta.models import Secret\n"  # forbidden, inside a function
        "    import importlib\n"
        "    return importlib.import_module('gamma.services')\n"  # forbidden, dynamic
        "\n"
        "def start():\n"
        "    jobs.enqueue_on_commit('gamma.tasks.run', job_id='1')\n"  # forbidden, a task enqueued by path
    )
    (tmp_path / "alpha" / "pure.py").write_text("from django.db import models\n")  # forbidden by !django
    (tmp_path / "alpha" / "tests" / "test_x.py").write_text("import gamma.models\n")  # tests are exempt
    (tmp_path / "beta" / "sub").mkdir()
    (tmp_path / "beta" / "sub" / "__init__.py").write_text("from ..models import x\nfrom alpha import y\n")
    rules = parse_rules(
        "```imports\nalpha: beta.selectors   # a comment\nalpha.pure: !django\nbeta: *\ngamma:\n```\n"
    )
    assert violations(tmp_path, rules) == [
        "alpha/pure.py:1 alpha → django (django.db.models) is forbidden",
        "alpha/views.py:6 alpha → beta (beta.models.Secret)",
        "alpha/views.py:8 alpha → gamma (gamma.services)",
        "alpha/views.py:11 alpha → gamma (gamma.tasks.run)",
    ]
