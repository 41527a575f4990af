"""The numbers of the work: stats, charts drawn as SVG at build time, campaign progress."""
