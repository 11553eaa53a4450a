"""`make bench` (`python -m benchmarks`): prints figures, asserts nothing about time."""
