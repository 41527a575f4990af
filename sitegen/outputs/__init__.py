"""Outputs beside the pages: the search index, precompressed copies, and the link check."""
