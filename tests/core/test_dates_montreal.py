"""Every time shown is Montréal time, whatever the machine's time zone; English dates
in one style (October 17, 2022)."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest

from proposalkit.core.dates import in_montreal, long_date, long_datetime, short_datetime

# 2022-10-17 16:30 UTC is 12:30 in Montréal (EDT, UTC-4) and 01:30 the next day in Tokyo.
MOMENT = datetime(2022, 10, 17, 16, 30, tzinfo=UTC)


@pytest.fixture
def tokyo_machine():
    """A machine whose own time zone is Tokyo's."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_times_are_montreal_time_on_a_machine_elsewhere(tokyo_machine):
    stamp = MOMENT.timestamp()
    assert in_montreal(stamp).strftime("%Y-%m-%d %H:%M") == "2022-10-17 12:30"
    assert short_datetime(stamp) == short_datetime(MOMENT) == "2022-10-17 12:30"
    assert long_datetime(stamp, "fr_CA") == "17 octobre 2022 à 12\u00a0h\u00a030"
    assert long_datetime(MOMENT, "en_CA").startswith("October 17, 2022 at 12:30")


def test_english_dates_in_one_style():
    assert long_date(date(2022, 10, 17), "en_CA") == "October 17, 2022"
    assert long_date(date(2018, 7, 1), "fr_CA") == "1er juillet 2018"


def test_packs_write_english_dates_month_first():
    import re

    from proposalkit.paths import resources_dir

    day_first = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|"
                           r"September|October|November|December) \d{4}")
    for pack in (resources_dir() / "programs").glob("*.toml"):
        assert not day_first.search(pack.read_text(encoding="utf-8")), pack.name
