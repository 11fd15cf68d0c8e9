"""File ▸ Install a program…: a pack file checked, copied to the user's programs folder
and offered at once; a broken one is refused with the messages of ``pack check``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from proposalkit.core.pack_check import install_pack
from proposalkit.core.program import PackError
from proposalkit.gui import dialogs

if TYPE_CHECKING:
    from proposalkit.gui.main_window import MainWindow


def pack_problems_text(exc: PackError, tr) -> str:  # noqa: ANN001 - Translator
    """Every problem of a refused pack, one per line, as ``pack check`` prints them."""
    lines = []
    for problem in exc.problems[:20]:
        where = f"{exc.path.name}:{problem.line}" if problem.line else exc.path.name
        lines.append(f"{where}: {problem.field or '-'}: {problem.detail(tr)}")
    if len(exc.problems) > 20:
        lines.append("…")
    return "\n".join(lines)


def install_program_dialog(window: MainWindow) -> None:
    """Ask for a pack file, then install it."""
    name, _filter = QFileDialog.getOpenFileName(
        window, window.translator.gettext("Install a program"),
        str(window.prefs.dialog_folder(window.session.path)),
        window.translator.gettext("Program packs (*.toml);;All files (*)"))
    if name:
        install_program(window, Path(name))


def install_program(window: MainWindow, path: Path) -> bool:
    """Install the pack at ``path`` and show it on the start screen; False if refused."""
    tr = window.translator
    try:
        program, _target = install_pack(path)
    except PackError as exc:
        dialogs.inform(window, tr.gettext("Install a program"),
                       tr.gettext("{file} is not a usable program pack; nothing was "
                                  "installed.").format(file=path.name)
                       + "\n\n" + pack_problems_text(exc, tr), warning=True)
        return False
    # The catalog is shared by the window and the session: the program is offered at once.
    window.catalog.programs[program.id] = program
    if not window.session.is_open:
        window.rebuild()
        start = getattr(window, "start", None)
        if start is not None:
            start.select_program(program.id)
    window.statusBar().showMessage(tr.gettext("Installed the program {program}.").format(
        program=program.name(tr)), 10000)
    return True
