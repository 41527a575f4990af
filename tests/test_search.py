"""Search stage: what is indexed, how Chinese is spaced, the word list, and the index files."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import build, copy_site
from sitegen.outputs.search import index_page, load_word_groups, spaced

SCHOOLS = Path(__file__).parent / "golden/schools/site"


def test_chinese_is_spaced_one_character_per_word():
    assert spaced("依托咪酯“太空油”and 6.26禁毒日") == " 依 托 咪 酯 “ 太 空 油 ” and 6.26 禁 毒 日 "


def test_index_page_escapes_everything_and_keeps_metadata_out_of_the_text():
    page = index_page({"url": "/a/", "content": "<script>alert(1)</script> 正 文",
                       "meta": {"title": '标题"><x>', "type": "文章"}, "filters": {"type": ["文章"], "venues": ["学校"]},
                       "sort": {"date": "2023-06-26"}}, "zh-cn")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<meta data-pagefind-meta="title[content]" content="标题&quot;&gt;&lt;x&gt;">' in page
    assert '<meta data-pagefind-filter="venues[content]" content="学校">' in page
    assert '<meta data-pagefind-sort="date[content]" content="2023-06-26">' in page
    assert page.index("<main data-pagefind-body>") > page.index("</head>")


def test_word_list_groups_and_errors(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/search-words.txt").write_text("# 注释\n依托咪酯 太空油\n\n笑气 笑气\n", encoding="utf-8")
    groups, problems = load_word_groups(tmp_path)
    assert groups == [["依托咪酯", "太空油"], ["笑气", "笑气"]]
    assert [str(p) for p in problems] == ["data/search-words.txt:4: error: a word is listed twice in this group: 笑气 笑气"]


def test_built_in_word_list_is_used_when_the_site_has_none(tmp_path):
    groups, problems = load_word_groups(tmp_path)
    assert ["依托咪酯", "太空油", "上头电子烟", "电子烟油"] in groups and not problems


def test_search_page_and_index_are_built(tmp_path):
    build(copy_site(SCHOOLS, tmp_path / "site"), tmp_path / "out")
    out = tmp_path / "out"
    page = (out / "search/index.html").read_text()
    config = json.loads(page.split('<script id="search-config" type="application/json">')[1].split("</script>")[0])
    assert config["pagefind"] == "/pagefind/pagefind.js"
    assert config["filters"] == [["type", "类型"], ["audiences", "面向对象"]]
    assert (out / "pagefind/pagefind.js").is_file() and (out / "pagefind/pagefind-entry.json").is_file()
    assert len(list((out / "pagefind/fragment").iterdir())) == 9  # 7 items and 2 programmes
    assert list((tmp_path / "site/.cache/work").iterdir()) == [], "the staging pages are cleaned up"
    assert "站内搜索需要浏览器开启 JavaScript" in page
    assert 'action="/search/"' in (out / "index.html").read_text(), "the search box is in every page's header"


def test_the_build_writes_nothing_outside_output_and_cache(tmp_path):
    import shutil
    site = tmp_path / "site"
    shutil.copytree(SCHOOLS, site, ignore=shutil.ignore_patterns(".cache"))
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    cwd = Path.cwd()
    try:
        import os
        os.chdir(tmp_path)
        build(site, tmp_path / "out")
    finally:
        os.chdir(cwd)
    after = sorted(p.relative_to(site) for p in site.rglob("*") if ".cache" not in p.relative_to(site).parts)
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
