"""Times read from a history (issue 18): whatever a file holds, with or without a zone,
in any year, in any local zone, they compare, sort and format without an error."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposalkit.storage.history import (
    EARLIEST,
    LATEST,
    History,
    merge_histories,
    parse_history,
)

_OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))
_TIMES = st.one_of(st.datetimes(), st.datetimes(timezones=_OFFSETS))


def _history(times: list[datetime], prefix: str) -> dict:
    revisions = [{"id": f"{prefix}-{n}", "parent": f"{prefix}-{n - 1}" if n else None,
                  "saved_at": t.isoformat()} for n, t in enumerate(times)]
    versions = [{"id": f"{prefix}v-{n}", "name": "v", "created": t.isoformat(), "proposal": {}}
                for n, t in enumerate(times)]
    return {"proposal_id": "p-1", "head": revisions[-1]["id"] if revisions else None,
            "revisions": revisions, "versions": versions}


@pytest.fixture(params=["UTC", "America/Toronto", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def zone(request, monkeypatch):
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # TZ: per zone
@given(ours=st.lists(_TIMES, min_size=1, max_size=5), theirs=st.lists(_TIMES, max_size=5))
def test_any_time_in_a_history_merges_sorts_and_formats(zone, ours, theirs):
    a = parse_history(_history(ours, "a"))
    b = parse_history(_history(theirs, "b"))
    merged = merge_histories(a, b)
    for version in merged.versions:
        assert EARLIEST <= version.created <= LATEST
        assert version.created.tzinfo is not None
        version.created.astimezone().strftime("%Y-%m-%d %H:%M")
    for revision in merged.revisions:
        assert revision.saved_at is not None and revision.saved_at.tzinfo is not None
        revision.saved_at.astimezone()


def test_the_reviews_times_are_brought_into_range():
    history = History.model_validate(_history(
        [datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
         datetime(1, 1, 1), datetime(2026, 12, 1, 10)], "r"))
    first, second, third = (v.created for v in history.versions)
    assert first == LATEST and second == EARLIEST
    assert third == datetime(2026, 12, 1, 10, tzinfo=UTC)  # no zone: read as UTC
