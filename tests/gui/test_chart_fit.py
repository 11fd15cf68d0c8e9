"""The overview's revenues chart fits the smallest window: scrolled to, it is whole in
the page's visible part on a 1024x640 and a 1366x768 screen, and it names every source
whole (QtCharts' legend beside the plot cut four names of six to a few letters at
1024x640)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("chart_probe.py")


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_the_revenues_chart_fits_and_names_every_source(size):
    done = subprocess.run([sys.executable, str(PROBE), *map(str, size)],
                          capture_output=True, text=True, timeout=300, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["inside"], seen
    assert len(seen["names"]) == 6
    assert seen["whole"] == seen["names"], seen
    _x, _y, _width, height = seen["chart"]
    assert height <= seen["viewport"][3] - 100, "room left for a taller title bar and fonts"
