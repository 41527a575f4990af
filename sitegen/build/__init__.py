"""The incremental engine and the writer: the build cache, page fingerprints, the no-change record,
the pipeline and the atomic output swap."""
