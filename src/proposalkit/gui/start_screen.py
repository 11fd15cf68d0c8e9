"""The start screen: recoveries after a crash (offered first), a new proposal for a
program pack (its deadline and caps shown), open, recent files and the example.

It is what the window paints first: it shows the programs' cards
(:mod:`proposalkit.core.pack_facts`), not the loaded packs, and imports nothing of the
model, so that it paints before the packs are validated. Nor does it touch PySide's
``Qt`` namespace, whose first use builds its ninety enums (the ``Key`` one has 470
members): a fifth of what a bare window costs to start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.pack_facts import EXAMPLE_PROGRAM, ProgramCard
from proposalkit.gui.guard import plain
from proposalkit.i18n import Translator

#: ``Qt.ItemDataRole.UserRole + 3`` (Qt takes the number as a role).
PATH_ROLE = 0x0100 + 3


class StartScreen(QWidget):
    """What the app shows when no proposal is open."""

    new_requested = Signal(str)
    open_requested = Signal()
    open_path_requested = Signal(object)
    #: The example of the chosen program (the regional hub's when it has none).
    example_requested = Signal(str)
    recovery_requested = Signal(object)
    #: A program pack file dropped on the screen, to install.
    install_requested = Signal(object)
    #: The program now chosen in the list (remembered for the next start).
    program_chosen = Signal(str)

    def __init__(self, programs: list[ProgramCard], tr: Translator, recent: list[Path],
                 recoveries: list, parent: QWidget | None = None,
                 program_id: str = "") -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.translator = tr  # not self.tr: that is QObject.tr()
        self.programs = {program.id: program for program in programs}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        title = QLabel(_("Prepare your funding proposal"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)

        self.recoveries = QListWidget()
        self.recovery_box = QGroupBox(_("Recovered work"))
        layout = QVBoxLayout(self.recovery_box)
        note = QLabel(_("proposalkit closed without saving this work. Double-click to "
                        "recover it."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.recoveries.setAccessibleName(_("Recovered work"))
        self.recoveries.itemActivated.connect(
            lambda item: self.recovery_requested.emit(item.data(PATH_ROLE)))
        layout.addWidget(self.recoveries)
        outer.addWidget(self.recovery_box)
        self.set_recoveries(recoveries)

        columns = QHBoxLayout()
        new_box = QGroupBox(_("New proposal"))
        form = QFormLayout(new_box)
        self.program = QComboBox()
        for program in programs:
            self.program.addItem(program.name, program.id)
        self.program.setAccessibleName(_("Program"))
        label = QLabel(_("&Program:"))
        label.setBuddy(self.program)
        form.addRow(label, self.program)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        form.addRow(self.facts)
        self.new_button = QPushButton(_("&Start a new proposal"))
        self.new_button.setDefault(True)
        form.addRow(self.new_button)
        # The program asked for (the last one chosen), else the one the README and the
        # example describe, else the first: a newcomer meets the call the guide explains.
        for wanted in (program_id, EXAMPLE_PROGRAM):
            if wanted and self.program.findData(wanted) >= 0:
                self.program.setCurrentIndex(self.program.findData(wanted))
                break
        self.program.currentIndexChanged.connect(self._show_facts)
        self.program.currentIndexChanged.connect(self._chosen)
        self.new_button.clicked.connect(
            lambda: self.new_requested.emit(self.program.currentData()))
        self._show_facts()
        columns.addWidget(new_box, 3)

        open_box = QGroupBox(_("Continue"))
        layout = QVBoxLayout(open_box)
        self.open_button = QPushButton(_("&Open a proposal…"))
        self.example_button = QPushButton(_("Open the &example"))
        layout.addWidget(self.open_button)
        layout.addWidget(self.example_button)
        recent_label = QLabel(_("&Recent files:"))
        self.recent = QListWidget()
        self.recent.setAccessibleName(_("Recent files"))
        recent_label.setBuddy(self.recent)
        self.set_recent(recent)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent, 1)
        self.open_button.clicked.connect(self.open_requested.emit)
        self.example_button.clicked.connect(
            lambda: self.example_requested.emit(self.program.currentData() or ""))
        self.recent.itemActivated.connect(
            lambda item: self.open_path_requested.emit(Path(item.data(PATH_ROLE))))
        columns.addWidget(open_box, 2)
        outer.addLayout(columns, 1)
        self.setAcceptDrops(True)

    def set_recoveries(self, recoveries: list) -> None:
        """List the recoveries found (the box shows only when there are some)."""
        from proposalkit.gui.files import recovery_label

        self.recoveries.clear()
        for recovery in recoveries:
            item = QListWidgetItem(recovery_label(recovery, self.translator.locale))
            item.setData(PATH_ROLE, recovery)
            self.recoveries.addItem(item)
        self.recovery_box.setVisible(bool(recoveries))

    def set_recent(self, recent: list[Path]) -> None:
        """List the recent files."""
        self.recent.clear()
        for path in recent:
            item = QListWidgetItem(f"{path.name} — {path.parent}")
            item.setData(PATH_ROLE, str(path))
            self.recent.addItem(item)

    def select_program(self, program_id: str) -> None:
        """Choose ``program_id`` in the list of programs."""
        index = self.program.findData(program_id)
        if index >= 0:
            self.program.setCurrentIndex(index)

    @staticmethod
    def _dropped_packs(event: QDropEvent | QDragEnterEvent) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [Path(u.toLocalFile()) for u in urls
                if u.isLocalFile() and u.toLocalFile().lower().endswith(".toml")]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        """Accept a dragged ``.toml`` pack file."""
        if self._dropped_packs(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        """Install each dropped ``.toml`` pack file."""
        for path in self._dropped_packs(event):
            self.install_requested.emit(path)
        event.acceptProposedAction()

    def _chosen(self) -> None:
        program_id = self.program.currentData()
        if program_id:
            self.program_chosen.emit(program_id)

    def _show_facts(self) -> None:
        program = self.programs.get(self.program.currentData() or "")
        text = program.text() if program else ""
        if "<" in text:
            # A pack's text with a tag would be taken for rich text (see guard.plain);
            # without one Qt shows it as it is, and plain() stays unused before the
            # first paint (it touches the Qt namespace).
            plain(self.facts)
        self.facts.setText(text)
