"""gui/guard.py: an exception in a Qt override is swallowed for the user, and heard by
whoever watches (the GUI tests' fixture fails a test on it)."""

from __future__ import annotations

import pytest

from proposalkit.gui import guard


@pytest.mark.guard_expected
def test_a_swallowed_exception_is_heard_by_a_watcher():
    @guard.guarded(0)
    def broken() -> int:
        raise ValueError("boom")

    heard = []
    with guard.watch(lambda name, exc: heard.append((name, type(exc)))):
        assert broken() == 0
        assert broken() == 0  # heard each time, though logged once
    assert broken() == 0  # no longer watched
    assert [kind for _name, kind in heard] == [ValueError, ValueError]
    assert "broken" in heard[0][0]


def test_the_fixture_fails_a_test_whose_override_raised(pytester):
    pytester.makeconftest((__import__("pathlib").Path(__file__).parent
                           / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile("""
        from proposalkit.gui.guard import guarded

        def test_broken_data():
            @guarded(None)
            def data():
                raise RuntimeError("a broken data()")
            assert data() is None  # green, but for the fixture
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*swallowed an exception*", "*RuntimeError*broken data*"])


pytest_plugins = ["pytester"]
