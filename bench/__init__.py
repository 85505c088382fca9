"""Benchmarks: `make bench`. Not tests: they report numbers, they do not pass or fail."""
