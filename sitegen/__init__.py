"""sitegen: a static-site generator for public anti-drug education content."""

__version__ = "0.1.0"
