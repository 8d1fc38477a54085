"""The search benchmark: `make bench` (see BENCHMARKS.md). Never part of `make test`."""
