"""The session: the one object that owns the open proposal, its file, its undo stack
and the signals the widgets listen to. It is created once per window and passed
explicitly to everything that needs it.

Every edit is an operation of :mod:`proposalkit.core.edits` given to :meth:`Session.apply`
(:meth:`Session.set_value` and :meth:`Session.replace` make the common ones): it is
applied, checked by the model first, and pushed as an undo command; the session emits
the :class:`~proposalkit.core.edits.Changes` it made. The stack's clean state is the
"modified" mark. Validation runs after
every change once the window has painted it (:class:`~proposalkit.gui.session_jobs.
AfterFrame`), coalesced so that a burst of edits (a pasted block, fast typing) validates
once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from proposalkit.core import edits
from proposalkit.core.budget import BudgetSummary, summarize
from proposalkit.core.describe import field_name
from proposalkit.core.edits import Changes, Edit, Refused
from proposalkit.core.locations import Where, get_at
from proposalkit.core.model import (
    Attachment,
    Proposal,
    clean_text,
    describe_validation_error,
    empty_proposal,
)
from proposalkit.core.program import Catalog, Program
from proposalkit.core.steps import Status, is_missing, step_ids, step_statuses, tally
from proposalkit.core.validation import Finding, Location, Revalidation, counts
from proposalkit.errors import ProgramNotFound
from proposalkit.gui import files
from proposalkit.gui.guard import guarded
from proposalkit.gui.session_jobs import AfterFrame, AttachmentChecks, Visits
from proposalkit.gui.spelling import SpellService
from proposalkit.i18n import Translator, translator

_MERGE_ID = 0x504B  # text edits of one field merge into one undo step


class EditCommand(QUndoCommand):
    """One operation of :mod:`proposalkit.core.edits` on the undo stack.

    The session applies the operation before pushing the command (a refused edit never
    becomes a step), so the first ``redo`` Qt calls on push does nothing; ``undo``
    applies the inverse and keeps its inverse to redo with.
    """

    def __init__(self, session: Session, edit: Edit, inverse: Edit, text: str,
                 merge: Location | None = None) -> None:
        super().__init__(text)
        self.session = session
        self.edit, self.inverse = edit, inverse
        #: Typing in the field at this location merges into this step (None: it does not).
        self.merge = merge
        self._pushed = False

    # Called by QUndoStack from C++: an exception must not escape there (the operation
    # was checked when it was first applied).
    @guarded(None)
    def redo(self) -> None:  # noqa: D102 - Qt override
        if not self._pushed:
            self._pushed = True  # applied by Session.apply before the push
            return
        self.inverse, changes = self.edit.apply(self.session.proposal)  # type: ignore[arg-type]
        self.session.emit_changes(changes)

    @guarded(None)
    def undo(self) -> None:  # noqa: D102 - Qt override
        self.edit, changes = self.inverse.apply(self.session.proposal)  # type: ignore[arg-type]
        self.session.emit_changes(changes)

    def id(self) -> int:  # noqa: D102 - Qt override
        return _MERGE_ID if self.merge is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802, D102 - Qt override
        if not isinstance(other, EditCommand) or other.merge is None:
            return False
        if other.merge != self.merge:
            return False
        self.edit = other.edit  # the inverse stays: undo goes back to before the typing
        return True


class Session(QObject):
    """The open proposal, its path, its undo stack, its findings, and their signals."""

    #: The proposal changed (by an edit, an undo or a redo); the argument is a
    #: :class:`~proposalkit.core.edits.Changes` saying what kind of thing changed.
    changed = Signal(object)
    #: A proposal was opened, created or closed: every view reloads.
    reset = Signal()
    #: Findings (and step statuses) were recomputed.
    findings_changed = Signal()
    #: The file path or the read-only state changed.
    path_changed = Signal()
    #: The modified mark changed.
    modified_changed = Signal(bool)
    #: An edit the model refuses (text too long, date out of range) was not made; the
    #: argument says why, in the user's language.
    refused = Signal(str)

    def __init__(self, catalog: Catalog, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.lang = lang
        self.program: Program | None = None
        #: The open document: the proposal, its attachments' bytes, its file's path and hash.
        self.document: files.Document | None = None
        self.read_only = False
        #: Why the file is read-only (another instance holds it), in the user's language.
        self.read_only_reason = ""
        self.lock: files.DocumentLock | None = None
        #: The date validation checks the deadline against (None: today in the call's zone).
        self.today: date | None = None
        self.findings: list[Finding] = []
        self.summary: BudgetSummary | None = None
        self.statuses: dict[str, Status] = {}
        #: What the user has seen: fields left, steps checked.
        self.visits = Visits()
        #: Attachments opened in the system's viewer: private copies, removed at shutdown.
        self.viewer_copies = files.ViewerCopies()
        #: Whether each attached file can be bound into the printable package.
        self.attachment_checks = AttachmentChecks(lambda: self.blobs, self.revalidate, self)
        self.undo_stack = QUndoStack(self)
        #: The spell-checkers of the texts (their dictionaries are read on first use).
        self.spelling = SpellService(parent=self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        #: Validation and the views that follow it run once the edit is painted.
        self.after_frame = AfterFrame(self.revalidate, self)
        #: The budget changed since the summary was made (typing in a section keeps it).
        self._budget_changed = True
        #: Validation re-runs the rules the edits since the last one may change.
        self.revalidation = Revalidation()
        #: The places edited since the last validation (None: anything, all rules run).
        self._edited: set[Where] | None = None

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    # -- state ------------------------------------------------------------------------
    @property
    def translator(self) -> Translator:
        """The interface language's translator."""
        return translator(self.lang)

    @property
    def proposal(self) -> Proposal | None:
        """The open proposal."""
        return self.document.proposal if self.document is not None else None

    @property
    def blobs(self) -> dict[str, bytes]:
        """Attachment bytes by reference (the member name inside the proposal file)."""
        return self.document.attachments if self.document is not None else {}

    @property
    def path(self) -> Path | None:
        """The file the proposal was read from or saved to (None: never saved)."""
        return self.document.path if self.document is not None else None

    @property
    def is_open(self) -> bool:
        """Whether a proposal is open."""
        return self.document is not None

    @property
    def modified(self) -> bool:
        """Whether there is work not saved to the file."""
        return self.is_open and not self.undo_stack.isClean()

    def set_language(self, lang: str) -> None:
        """Switch the interface language; findings are recomputed in it."""
        self.lang = lang
        if self.is_open:
            self.revalidate(force=True)

    # -- opening and closing ----------------------------------------------------------
    def _program_for(self, proposal: Proposal) -> Program:
        program = self.catalog.get(proposal.program_id)
        if program is None:
            raise ProgramNotFound("Unknown program {program}; installed programs: {known}.",
                                  program=proposal.program_id,
                                  known=", ".join(sorted(self.catalog.programs)) or "-")
        return program

    def load(self, document: files.Document, lock: files.DocumentLock | None = None,
             read_only_reason: str = "", modified: bool = False) -> None:
        """Make ``document`` the open one (from a file, the example or a recovery)."""
        program = self._program_for(document.proposal)
        self._release(discard=True)
        self.program, self.document, self.lock = program, document, lock
        self.read_only, self.read_only_reason = bool(read_only_reason), read_only_reason
        # Work from a file (or a recovery) has been through its steps already.
        self.visits.reset(step_ids(program) if document.path is not None or modified else ())
        self.undo_stack.clear()
        self.undo_stack.setClean()
        if modified:
            # Recovered work is unsaved work: no clean state until it is saved.
            self.undo_stack.resetClean()
        self.revalidate(force=True)
        self.reset.emit()
        self.path_changed.emit()
        self.modified_changed.emit(self.modified)

    def new(self, program: Program, language: str | None = None) -> None:
        """Start a blank proposal for ``program``."""
        self.load(files.new_document(empty_proposal(program, language or self.lang)))

    def open(self, path: Path) -> str:
        """Open the file at ``path``; returns why it is read-only ('' when it is not)."""
        opened = files.open_document(Path(path))
        self.load_opened(opened)
        return self.read_only_reason

    def load_opened(self, opened: files.Opened, modified: bool = False) -> None:
        """Load a document read by :mod:`files` (an opened file or a recovery)."""
        reason = opened.locked_error.message(self.translator) if opened.locked_error else ""
        self.load(opened.document, opened.lock, reason, modified)

    def close(self) -> None:
        """Close the proposal (the caller has asked about unsaved work)."""
        self._release(discard=True)
        self.program = self.document = None
        self.read_only, self.read_only_reason = False, ""
        self.findings, self.summary, self.statuses = [], None, {}
        self.undo_stack.clear()
        self.reset.emit()
        self.path_changed.emit()
        self.modified_changed.emit(False)
        self.findings_changed.emit()

    def shutdown(self) -> None:
        """The window closes on purpose: release the lock, forget the recovery copy and
        remove the copies made for the viewer."""
        self._release(discard=True)
        self.viewer_copies.remove()

    def _release(self, discard: bool) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        if discard and self.document is not None:
            files.discard_recovery(self.document)

    # -- saving -----------------------------------------------------------------------
    def save(self, path: Path | None = None, force: bool = False) -> None:
        """Save to ``path`` (or the current path); raise ProposalKitError on failure.

        A file changed on disk since it was opened raises ``FileChangedError`` unless
        ``force`` (the user chose to overwrite it).
        """
        document = self.document
        assert document is not None
        target = Path(path) if path is not None else document.path
        if target is None:
            raise ValueError("no path to save to")
        same = document.path is not None and Path(document.path) == target
        lock = self.lock if same and self.lock is not None else files.take_lock(target)
        # The saved file records the pack version it was last checked against (the
        # version notice on open was shown; opening never changes it).
        recorded = document.program_version
        if self.program is not None:
            document.program_version = self.program.version
        try:
            files.save_document(target, document, force=force)
        except Exception:
            document.program_version = recorded
            if lock is not self.lock:
                lock.release()
            raise
        if lock is not self.lock and self.lock is not None:
            self.lock.release()
        files.discard_recovery(document)
        self.lock, self.read_only, self.read_only_reason = lock, False, ""
        self.undo_stack.setClean()
        self.path_changed.emit()
        self.modified_changed.emit(False)

    def autosave(self) -> object | None:
        """Write unsaved work to the recovery folder (never over the user's file)."""
        if not self.modified or self.document is None:
            return None
        return files.autosave(self.document)

    # -- editing ----------------------------------------------------------------------
    def value(self, location: Location) -> object:
        """The current value at ``location``."""
        return get_at(self.proposal, location)

    def apply(self, edit: Edit, text: str, merge: Location | None = None) -> bool:
        """Make ``edit`` an undoable step; False when nothing changed or the model refused
        it (then :attr:`refused` says why). ``merge``: typing in the field there."""
        if self.proposal is None or self.read_only:
            return False
        try:
            inverse, changes = edit.apply(self.proposal)
        except Refused as exc:
            where = field_name(exc.location, self.translator, self.program, self.proposal)
            self.refused.emit(describe_validation_error(exc.error, self.translator, where))
            return False
        if not changes:
            return False  # nothing to change (a merge of what is already here): no step
        self.undo_stack.push(EditCommand(self, edit, inverse, text, merge))
        self.emit_changes(changes)
        return True

    def set_value(self, location: Location, value: object, text: str | None = None,
                  merge: bool = False) -> None:
        """Change one value, as an undoable step (``merge``: typing in one field)."""
        if self.proposal is None or self.read_only:
            return
        value = clean_text(value)
        try:
            if get_at(self.proposal, location) == value:
                return
        except IndexError:
            pass  # one year past a short list of amounts: the operation pads it
        years = self.program.years if self.program is not None else 0
        self.apply(edits.set_value(location, value, years), text or self.translator.gettext("Edit"),
                   tuple(location) if merge else None)

    def end_typing(self) -> None:
        """The next edit is an undo step of its own, not merged into the typing before
        it (a spelling correction is undone alone)."""
        index = self.undo_stack.index()
        top = self.undo_stack.command(index - 1) if index > 0 else None
        if isinstance(top, EditCommand):
            top.merge = None

    def replace(self, location: Location, value: object, text: str) -> None:
        """Replace a whole list or object (a pasted block, a part of the proposal)."""
        self.apply(edits.SetField(tuple(location), value), text)

    def add_attachment(self, attachment: Attachment, data: bytes) -> None:
        """Copy a document into the proposal, as an undoable step."""
        if self.proposal is None or self.read_only:
            return
        self.blobs[attachment.reference] = data
        steps: list[Edit] = [edits.InsertLine(("attachments",), -1, attachment)]
        index = next((i for i, p in enumerate(self.proposal.partners)
                      if p.id == attachment.partner_id), None)
        if index is not None:
            # A partner's letter: the partner points at it and is marked as received.
            steps += [edits.SetField(("partners", index, "letter_attachment_id"), attachment.id),
                      edits.SetField(("partners", index, "letter_received"), True)]
        self.apply(edits.Composite(tuple(steps)), self.translator.gettext("Add attachment"))

    def remove_attachment(self, attachment_id: str) -> None:
        """Remove an attachment (its bytes stay in memory so that undo brings it back)."""
        if self.proposal is None or self.read_only:
            return
        index = next((i for i, a in enumerate(self.proposal.attachments)
                      if a.id == attachment_id), None)
        if index is not None:
            self.apply(edits.RemoveLine(("attachments",), index),
                       self.translator.gettext("Remove attachment"))

    def emit_changes(self, changes: Changes) -> None:
        """Tell the views what changed and validate once the burst of edits is over."""
        if changes:
            self._budget_changed = self._budget_changed or changes.budget
            if self._edited is not None:
                self._edited |= changes.places
            self.changed.emit(changes)
            self.after_frame.schedule()

    # -- findings ---------------------------------------------------------------------
    def revalidate(self, force: bool = False) -> None:
        """Recompute the budget summary, findings and step statuses now; views are told
        when something changed (or always with ``force``)."""
        self.after_frame.cancel()
        if self.proposal is None or self.program is None:
            return
        summary = self.summary
        if summary is None or force or self._budget_changed:
            summary = summarize(self.program, self.proposal)
            self._budget_changed = False
        edited, self._edited = (None if force else self._edited), set()
        findings = self.revalidation.run(
            self.program, self.proposal, self.today, self.lang, summary, edited
        ) + self.attachment_checks.findings(self.proposal.attachments, self.translator)
        if summary == self.summary and findings == self.findings and not force:
            return  # typing in a section mostly changes nothing here: nothing to repaint
        self.summary, self.findings = summary, findings
        self.statuses = step_statuses(self.program, self.proposal, self.findings)
        self.findings_changed.emit()

    def counts(self) -> dict[str, int]:
        """Findings by severity, and ``todo``: the errors that say something is still
        to be filled in (also counted in ``error``)."""
        if self.program is None or self.proposal is None:
            return counts(self.findings) | {"todo": 0}
        return tally(self.program, self.proposal, self.findings)

    def is_missing(self, finding: Finding) -> bool:
        """Whether ``finding`` says something is not filled in yet (not wrong)."""
        if self.program is None or self.proposal is None:
            return False
        kinds = {rule.code: rule.kind for rule in self.program.rules}
        return is_missing(finding, self.proposal, kinds)

    def findings_at(self, container: Location) -> list[Finding]:
        """Findings at ``container`` or inside it."""
        size, inside = len(container), tuple(container)  # Where.within, without a Where each
        return [f for f in self.findings if f.location[:size] == inside]

