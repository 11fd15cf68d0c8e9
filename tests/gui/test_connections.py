"""No connection outlives its page: the session's signals keep the same number of
receivers however often the pages are rebuilt (language switches, reopening)."""

from __future__ import annotations

from PySide6.QtCore import SIGNAL, QCoreApplication, QEvent


def _settle() -> None:
    # Rebuilt pages are deleted later (the rebuild may run inside one of their clicks).
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QCoreApplication.processEvents()


def _receivers(session) -> dict[str, int]:
    return {name: session.receivers(SIGNAL(sig)) for name, sig in (
        ("changed", "changed(PyObject)"), ("findings_changed", "findings_changed()"),
        ("reset", "reset()"))}


def _visit_all(window) -> None:
    for step in list(window.pages):
        window.go_to(step)


def test_receivers_stay_the_same_across_rebuilds(make_gui):
    gui = make_gui("fr")
    window = gui.window
    window.open_example()
    _visit_all(window)
    _settle()
    before = _receivers(gui.session)
    assert before["changed"] > 3  # the pages and tables listen (the count is real)
    for lang in ("en", "fr") * 4:
        window.set_language(lang)
        _visit_all(window)
        _settle()
        assert _receivers(gui.session) == before, lang
    window.open_example()
    _visit_all(window)
    _settle()
    assert _receivers(gui.session) == before
