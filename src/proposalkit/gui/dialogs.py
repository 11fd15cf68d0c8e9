"""Dialogs: preferences, the unsaved-work question, and messages.

Each dialog is shown with ``exec()`` so that tests answer it by monkeypatching ``exec``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from proposalkit.gui.settings import Preferences
from proposalkit.i18n import Translator


class PreferencesDialog(QDialog):
    """Interface language and autosave interval."""

    def __init__(self, prefs: Preferences, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(_("Preferences"))
        form = QFormLayout(self)
        self.language = QComboBox()
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(prefs.language), 0))
        self.language.setAccessibleName(_("Language"))
        label = QLabel(_("&Language:"))
        label.setBuddy(self.language)
        form.addRow(label, self.language)
        self.autosave = QSpinBox()
        self.autosave.setRange(0, 60)
        self.autosave.setValue(prefs.autosave_minutes)
        self.autosave.setSuffix(_(" min"))
        self.autosave.setSpecialValueText(_("off"))
        self.autosave.setAccessibleName(_("Autosave every"))
        label = QLabel(_("&Autosave every:"))
        label.setBuddy(self.autosave)
        form.addRow(label, self.autosave)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> tuple[str, int]:
        """The language and autosave minutes chosen."""
        return self.language.currentData(), self.autosave.value()


def _message_box(parent: QWidget) -> QMessageBox:
    # Its texts name files, partners and lock owners from someone else's file: shown as
    # they are, never parsed as rich text (see guard.plain). The informative text takes
    # the main text's format.
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def ask_unsaved(parent: QWidget, tr: Translator, name: str) -> str:
    """Ask what to do with unsaved work: ``save``, ``discard`` or ``cancel``."""
    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr.gettext("Unsaved changes"))
    box.setText(tr.gettext("Save the changes to “{name}” before closing?").format(name=name))
    box.setInformativeText(tr.gettext("Your changes will be lost if you don't save them."))
    save = box.addButton(tr.gettext("&Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(tr.gettext("Do&n't save"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr.gettext("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"


def _choose(box: QMessageBox, buttons: dict[str, QPushButton], default: str,
            escape: str) -> str:
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[escape])
    box.exec()
    clicked = box.clickedButton()
    return next((name for name, button in buttons.items() if button is clicked), escape)


def ask_changed_on_disk(parent: QWidget, tr: Translator, name: str) -> str:
    """The file changed on disk since it was opened: ``overwrite``, ``save_as`` or
    ``cancel``."""
    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr.gettext("File changed on disk"))
    box.setText(tr.gettext("“{name}” was changed by someone else since you opened it.")
                .format(name=name))
    box.setInformativeText(tr.gettext(
        "Overwrite it with your version (their changes are lost; the previous file is "
        "kept as a backup), save yours under another name, or cancel."))
    buttons = {
        "overwrite": box.addButton(tr.gettext("&Overwrite"),
                                   QMessageBox.ButtonRole.DestructiveRole),
        "save_as": box.addButton(tr.gettext("Save &as…"), QMessageBox.ButtonRole.AcceptRole),
        "cancel": box.addButton(tr.gettext("Cancel"), QMessageBox.ButtonRole.RejectRole),
    }
    return _choose(box, buttons, "save_as", "cancel")


def ask_recovery(parent: QWidget, tr: Translator, label: str) -> str:
    """Unsaved work was found after a crash: ``recover``, ``discard`` or ``later``."""
    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr.gettext("Recover unsaved work"))
    box.setText(tr.gettext(
        "proposalkit closed without saving your last changes. Recover them now?"))
    box.setInformativeText(tr.gettext(
        "{label}\n\nDiscard deletes this copy for good; Not now keeps it on the start "
        "screen.").format(label=label))
    buttons = {
        "recover": box.addButton(tr.gettext("&Recover"), QMessageBox.ButtonRole.AcceptRole),
        "discard": box.addButton(tr.gettext("&Discard"),
                                 QMessageBox.ButtonRole.DestructiveRole),
        "later": box.addButton(tr.gettext("Not now"), QMessageBox.ButtonRole.RejectRole),
    }
    return _choose(box, buttons, "recover", "later")


def inform(parent: QWidget, title: str, text: str, warning: bool = False) -> None:
    """Show a message with an OK button."""
    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()


def confirm(parent: QWidget, tr: Translator, title: str, text: str, yes: str) -> bool:
    """Ask a yes/no question; True for ``yes``."""
    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr.gettext("Not now"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.exec()
    return box.clickedButton() is accept


def ask_export_with_errors(parent: QWidget, tr: Translator, found: dict[str, int]) -> str:
    """The final package is the one submitted: with errors left (``found`` as the
    session counts them, said as the status bar says it), "export", "show" (the errors)
    or "cancel"."""
    from proposalkit.core.steps import tally_text  # the model: after the first paint

    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr.gettext("Export the final package"))
    box.setText(tr.gettext("Still to do: {what}").format(what=tally_text(found, tr)))
    box.setInformativeText(tr.gettext(
        "A final package with errors is marked DRAFT and may be refused."))
    return _choose(box, {
        "show": box.addButton(tr.gettext("S&how the errors"), QMessageBox.ButtonRole.ActionRole),
        "export": box.addButton(tr.gettext("&Export anyway"), QMessageBox.ButtonRole.AcceptRole),
        "cancel": box.addButton(tr.gettext("Cancel"), QMessageBox.ButtonRole.RejectRole),
    }, "show", "cancel")


def ask_paste_over(parent: QWidget, tr: Translator, figures: int) -> str:
    """A pasted block would change ``figures`` cells that hold something: ``add`` (its
    rows as new lines), ``replace`` or ``cancel``."""
    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr.gettext("Paste"))
    box.setText(tr.ngettext(
        "Pasting here would replace {n} figure already in the table.",
        "Pasting here would replace {n} figures already in the table.", figures).format(
        n=figures))
    box.setInformativeText(tr.gettext(
        "Add the pasted rows as new lines (nothing already entered changes), or replace "
        "what is there (Ctrl+Z undoes it)."))
    return _choose(box, {
        "add": box.addButton(tr.gettext("&Add as new lines"), QMessageBox.ButtonRole.AcceptRole),
        "replace": box.addButton(tr.ngettext("&Replace {n} figure", "&Replace {n} figures",
                                             figures).format(n=figures),
                                 QMessageBox.ButtonRole.DestructiveRole),
        "cancel": box.addButton(tr.gettext("Cancel"), QMessageBox.ButtonRole.RejectRole),
    }, "add", "cancel")
