"""Benchmarks: each file is a script run from the repository root (README, Performance)."""
