"""Budget math and validation: target under 5 ms for a typical proposal (the example),
and measured on the stress proposal (2,000 budget lines, 200 partners).

Baseline, measured in the same run: a plain walk adding up every amount of the budget
(the least any budget computation must do).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from benchmarks.harness import Result, best_of, report
from benchmarks.stress import stress_proposal
from proposalkit.core.budget import summarize
from proposalkit.core.example import example_proposal
from proposalkit.core.program import default_catalog
from proposalkit.core.validation import validate

TODAY = date(2018, 4, 1)


def _walk(proposal) -> Decimal:
    total = Decimal(0)
    for line in proposal.budget.expenses:
        for amount in line.amounts:
            total += amount
    for line in proposal.budget.revenues:
        for amount in line.amounts:
            total += amount
    return total


def measure(name: str, proposal, target: float | None) -> list[Result]:
    program = default_catalog().get(proposal.program_id)
    validate(program, proposal, today=TODAY)  # warm caches (catalog, Babel patterns)
    baseline = best_of(lambda: _walk(proposal), repeat=7, number=20)
    both = best_of(lambda: validate(program, proposal, today=TODAY), repeat=7, number=5)
    only_summary = best_of(lambda: summarize(program, proposal), repeat=7, number=5)
    return [
        Result(f"{name}: budget math", only_summary, None, "plain walk", baseline),
        Result(f"{name}: budget math + validation (fr)", both, target, "plain walk", baseline),
    ]


def main() -> bool:
    """Print the figures; True when the targets are met."""
    results = measure("example", example_proposal(), 0.005)
    results += measure("stress 2,000 lines, 200 partners", stress_proposal(), None)
    return report("core: budget math and validation", results)


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
