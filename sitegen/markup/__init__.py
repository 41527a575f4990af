"""Markdown to HTML (Python-Markdown with CJK line joining, links resolved against the site) and the
raw-HTML policy."""
