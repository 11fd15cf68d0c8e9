"""House rules a machine can check: only gui/ imports Qt; files stay small."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "proposalkit"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_gui_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        if any(name.split(".")[0] in ("PySide6", "shiboken6", "PyQt6") for name in _imports(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_core_commands_do_not_load_qt(tmp_path):
    code = (
        "import sys\n"
        "from proposalkit.cli import main\n"
        f"main(['example', '-o', r'{tmp_path / 'e.pkp'}'])\n"
        f"main(['validate', r'{tmp_path / 'e.pkp'}'])\n"
        "assert 'PySide6' not in sys.modules, 'Qt was loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_file_is_past_800_lines():
    long = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if len(p.read_text(encoding="utf-8").splitlines()) > 800
    ]
    assert long == []
