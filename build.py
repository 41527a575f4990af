#!/usr/bin/env python3
"""Build the site: python build.py [build|check] [--site DIR] ... (see README.md)."""

import sys

from sitegen.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
