"""Performance benchmark of the guide's build (see benchmarks/README.md)."""
