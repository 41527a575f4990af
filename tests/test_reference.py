"""docs/reference.md is generated from the settings and the types' dataclasses: it must be what
the code says, and a key the code has but the generator does not describe stops it."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT


def generator():
    spec = importlib.util.spec_from_file_location("make_reference", ROOT / "scripts/make_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_is_what_the_code_says():
    assert (ROOT / "docs/reference.md").read_text(encoding="utf-8") == generator().render(), \
        "docs/reference.md is out of date: run make reference"


def test_every_key_and_field_is_listed():
    from sitegen.settings import TOP_KEYS
    from sitegen.types import TYPES
    import dataclasses

    text = (ROOT / "docs/reference.md").read_text(encoding="utf-8")
    for key in TOP_KEYS:
        assert f"| `{key}` |" in text
    for kind in TYPES:
        for field in dataclasses.fields(kind.front):
            assert f"| `{field.name}` |" in text, (kind.name, field.name)


def test_an_undescribed_key_stops_the_generator(monkeypatch):
    module = generator()
    monkeypatch.setitem(module.site_settings.TOP_KEYS, "new_key", str)
    with pytest.raises(SystemExit, match="'new_key' is not described"):
        module.render()
