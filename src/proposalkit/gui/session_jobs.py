"""Jobs the session delegates, each to an object named for it: what the user has seen
(:class:`Visits`), whether each attached file can be bound into the printable package
(:class:`AttachmentChecks`) and running the work that follows an edit once the window
has painted it (:class:`AfterFrame`). The session keeps the document and its undo stack."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer

from proposalkit.core.locations import Location, Where
from proposalkit.core.model import Attachment
from proposalkit.core.steps import step_for
from proposalkit.core.validation import Finding
from proposalkit.i18n import Translator
from proposalkit.storage import media

if TYPE_CHECKING:
    from proposalkit.export.annexes import AnnexError

BindKey = tuple[str, str, str]


class Visits:
    """Fields the user has left, and steps checked (asked for, or left): their findings
    show under the inputs; a blank form shows none."""

    def __init__(self) -> None:
        self.visited: set[Where] = set()
        self.checked: set[str] = set()

    def reset(self, checked: Iterable[str] = ()) -> None:
        """A proposal was opened: nothing visited; ``checked`` steps show their messages
        (work from a file has been through its steps already)."""
        self.visited, self.checked = set(), set(checked)

    def visit(self, location: Location) -> bool:
        """The user left the field at ``location``; True when that is new."""
        where = Where(location)
        if where in self.visited:
            return False
        self.visited.add(where)
        return True

    def check_step(self, step: str) -> None:
        """Show every message of ``step`` under its inputs (asked for, or step left)."""
        self.checked.add(step)

    def shows_at(self, location: Location) -> bool:
        """Whether messages show under the input at ``location``."""
        return Where(location) in self.visited or step_for(location) in self.checked


class AttachmentChecks(QObject):
    """Whether each attached PDF or image can be bound into the printable package,
    checked once per (content, type, name): when attached or asked for, and files not
    checked yet (a proposal just opened) one per tick after the window has drawn, so that
    opening a file never waits for its attachments. ``checked`` is called after each
    check made in the background (the session validates again to say it)."""

    def __init__(self, blobs: Callable[[], dict[str, bytes]], checked: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._blobs = blobs
        self._checked = checked
        self.results: dict[BindKey, AnnexError | None] = {}
        self._pending: list[Attachment] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._check_next)

    def bindable(self, attachment: Attachment) -> bool:
        """Whether ``attachment`` is a PDF or image whose bytes are here."""
        return (attachment.reference in self._blobs()
                and attachment.media_type in (media.PDF, media.PNG, media.JPEG))

    def known_problem(self, attachment: Attachment) -> AnnexError | None:
        """The problem found when ``attachment`` was checked (None: fine or not yet)."""
        return self.results.get(bind_key(attachment)) if self.bindable(attachment) else None

    def problem(self, attachment: Attachment) -> AnnexError | None:
        """Why the printable package cannot bind the PDF or image ``attachment``, or None
        when it can, is another type (a Word file is said by the dossier) or its bytes
        are not here; checked now unless known."""
        if not self.bindable(attachment):
            return None
        key = bind_key(attachment)
        if key not in self.results:
            from proposalkit.export.annexes import bind_problem  # the export layer loads late

            self.results[key] = bind_problem(self._blobs()[attachment.reference],
                                             attachment.media_type, key[2])
        return self.results[key]

    def findings(self, attachments: list[Attachment], tr: Translator) -> list[Finding]:
        """Warnings for the attachments already checked; the others are checked later."""
        if not any(a.reference in self._blobs() for a in attachments):
            return []
        self._pending = [a for a in attachments if self.bindable(a)
                         and bind_key(a) not in self.results]
        if self._pending:
            self._timer.start()
        if not any(v is not None for v in self.results.values()):
            return []
        from proposalkit.export.annexes import bind_findings

        return bind_findings(attachments, self.known_problem, tr)

    def _check_next(self) -> None:
        if self._pending:
            self.problem(self._pending.pop(0))
            self._checked()  # says it (and schedules the next one)


def bind_key(attachment: Attachment) -> BindKey:
    """The content (its verified hash), its type and the name its message gives."""
    return (attachment.sha256 or attachment.reference, attachment.media_type,
            attachment.filename or attachment.title)


class AfterFrame(QObject):
    """Runs ``callback`` once, after the window has painted what an edit changed.

    An edit repaints its cell at once; what follows from it (validation, the findings
    list, the cap bars, the overview) waits for this. Qt posts a window's repaint request
    at ``Qt.LowEventPriority``; this posts its own event one step lower, so the event
    loop paints the edited cell first and runs the callback right after, with nothing
    left waiting once the user stops. Edits made before it runs (a burst of keystrokes,
    a paste) are coalesced into one run. A zero-delay ``QTimer`` promises no order: where
    it fires relative to the repaint depends on the platform's event dispatcher (some
    post zero timers as events of normal priority, which come before the repaint); a
    posted event of lower priority than the repaint request comes after it everywhere.
    """

    _EVENT = QEvent.Type(QEvent.registerEventType())
    _PRIORITY = Qt.EventPriority.LowEventPriority.value - 1

    def __init__(self, callback: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback
        self._due = False
        self._posted = False

    @property
    def due(self) -> bool:
        """Whether a run is scheduled and has not happened yet."""
        return self._due

    def schedule(self) -> None:
        """Run the callback after the next repaint (once, however often this is called)."""
        self._due = True
        if not self._posted:
            self._posted = True
            QCoreApplication.postEvent(self, QEvent(self._EVENT), self._PRIORITY)

    def cancel(self) -> None:
        """Forget the scheduled run (the work was done now, by a direct call)."""
        self._due = False

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt override
        if event.type() != self._EVENT:
            return super().event(event)
        self._posted = False
        if self._due:
            self._due = False
            self._callback()
        return True
