"""sitegen: a static-site generator for public anti-drug education content.

The build runs in this order (sitegen/build/pipeline.py tells it in one screen):

1. ``settings``   site.toml into a typed Settings value
2. ``content``    one walk of content/: front matter validated into Items; collections and taxonomies
3. ``markup``     Markdown bodies to HTML, Chinese-correct, raw HTML under the site's policy
4. ``types``      the content types: each owns its front matter, checks, pages, search text, share
                  cards and scaffold (hooks in content/model.py); plugins add types with ``register``
   ``figures``    stats and charts from front matter and data files, drawn as SVG
5. ``media``      theme assets, raster images, share cards, QR codes
6. ``render``     the plan of every output file and its rendering through Jinja
7. ``outputs``    search index, compression, link checking
8. ``build``      the incremental engine (cache, fingerprints, build record) and the writer
9. ``cli``        the command line, the dev server and scaffolding

``errors`` (Problem, path:line messages) and ``text`` (CJK and slug helpers) are shared by all
stages and import nothing of the engine. ``messages`` puts those messages into the site's
language where they are printed; ``theme`` reads the theme's settings (record numbers, footer
links, site stylesheets, the accent colour every tint is derived from).
"""

__version__ = "0.1.0"
