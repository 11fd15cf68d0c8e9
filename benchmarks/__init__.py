"""Benchmarks: ``python -m benchmarks`` runs them all (or name some: ``python -m benchmarks core``)."""
