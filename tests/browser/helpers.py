"""Small page helpers shared by the browser tests."""
from __future__ import annotations

import gzip

AXE_RESULTS: dict[str, dict] = {}   # page type -> {"path": url path, "violations": [...]}
WEIGHTS: dict[str, dict] = {}       # page type -> {"path":..., "resources": [(kind, url, raw, gzip)]}


def open_page(page, site, path: str, **goto):
    """Go to a site path and wait until the network is quiet; returns the main response."""
    goto.setdefault("wait_until", "load")
    response = page.goto(site.url(path), **goto)
    assert response is not None, f"no response for {path}"
    return response


def settle(page) -> None:
    """Load lazy images and fonts so that a full-page screenshot shows the whole page."""
    page.evaluate("""async () => {
        for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = 'eager';
        await Promise.all([...document.images].map(img => img.complete ? null :
            new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
        await document.fonts.ready;
    }""")


def run_axe(page, axe_source, kind: str, path: str) -> list[dict]:
    """Inject axe-core, run its default rules (WCAG 2.x A/AA and best practices), record them."""
    page.add_script_tag(path=str(axe_source))
    results = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            tags: v.tags, nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 300),
            summary: n.failureSummary}))}));
    }""")
    AXE_RESULTS[kind] = {"path": path, "violations": results}
    return results


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("summary"):
                lines.append("      " + node["summary"].replace("\n", "\n      ")[:400])
    return "\n".join(lines)


def measure(page, site, kind: str, path: str) -> list[tuple[str, str, int, int]]:
    """Load `path` fresh and return (kind, url, raw bytes, gzip -9 bytes) for every response.

    kind is "image" for images (by resource type or content type), else the resource type.
    """
    responses = []
    page.on("response", lambda response: responses.append(response))
    open_page(page, site, path, wait_until="networkidle")   # scripts may fetch after load
    resources = []
    for response in responses:
        if response.request.url.startswith("data:") or not (200 <= response.status < 300):
            continue
        ctype = response.headers.get("content-type", "")
        rtype = response.request.resource_type
        kind_of = "image" if rtype in ("image", "media") or ctype.startswith("image/") else rtype
        body = response.body()
        resources.append((kind_of, response.url, len(body), len(gzip.compress(body, 9, mtime=0))))
    WEIGHTS[kind] = {"path": path, "resources": resources}
    return resources


# The page's scroll width, and the elements that stick out past the right edge.
OVERFLOW_JS = """() => {
    const limit = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width && r.right > limit + 0.5) {
            const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                [...el.classList].map(c => '.' + c).join('');
            wide.push(`${name} right=${Math.round(r.right)} width=${Math.round(r.width)}`);
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 12)};
}"""


def in_colour(values: list[str]) -> list[str]:
    """The computed CSS colours ("rgb(r, g, b)" / "rgba(...)") among `values` that are not grey."""
    coloured = []
    for value in values:
        r, g, b = [int(float(x)) for x in value[value.index("(") + 1:value.index(")")].split(",")[:3]]
        if not r == g == b:
            coloured.append(value)
    return coloured
