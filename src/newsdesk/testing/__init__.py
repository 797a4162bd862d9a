"""Test doubles shipped with the package (fake servers) for tests and benchmarks."""
