"""Rendering: the plan of every output file (plan.py) and its rendering through Jinja (pages.py)."""
