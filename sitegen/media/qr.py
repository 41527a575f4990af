"""QR codes (SVG) of a page's absolute URL, so printed sheets lead back online."""

from __future__ import annotations

import io


def qr_svg(url: str, title: str) -> bytes:
    import segno  # only sites with guides or events need it

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, title=title, svgclass="qr", lineclass=None
    )
    return buffer.getvalue()
