"""Loading: the front-matter model and schema, reading content/ into Items, and collections
(sections, taxonomies, menus)."""
