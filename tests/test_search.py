"""Search stage: what is indexed, how Chinese is spaced, the word list, and the index files."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import build, copy_site
from sitegen.errors import Diagnostics
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
    problems = Diagnostics()
    groups = load_word_groups(tmp_path, problems)
    assert groups == [["依托咪酯", "太空油"], ["笑气", "笑气"]]
    assert [str(p) for p in problems] == ["data/search-words.txt:4: error: a word is listed twice in this group: 笑气 笑气"]


def test_built_in_word_list_is_used_when_the_site_has_none(tmp_path):
    problems = Diagnostics()
    groups = load_word_groups(tmp_path, problems)
    assert ["依托咪酯", "太空油", "上头电子烟", "电子烟油"] in groups and not problems


def test_search_page_and_index_are_built(tmp_path):
    build(copy_site(SCHOOLS, tmp_path / "site"), tmp_path / "out")
    out = tmp_path / "out"
    page = (out / "search/index.html").read_text()
    config = json.loads(page.split('<script id="search-config" type="application/json">')[1].split("</script>")[0])
    assert config["pagefind"] == "/pagefind/pagefind.js"
    assert config["filters"] == [["type", "类型"], ["audiences", "面向对象"]]
    assert config["shards"] == ["/pagefind/0/"], "9 records: one shard"
    assert (out / "pagefind/pagefind.js").is_file() and (out / "pagefind/0/pagefind-entry.json").is_file()
    assert len(list((out / "pagefind/0/fragment").iterdir())) == 9  # 7 items and 2 programmes
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


def _records(count: int) -> list[dict]:
    return [{"url": f"/articles/a{n}/", "content": f"正 文 {n}"} for n in range(count)]


def test_records_go_to_stable_shards_of_bounded_size():
    from sitegen.outputs.search import SHARD_PAGES, shard_records

    records = _records(1000)
    shards = shard_records(records)
    assert list(shards) == ["0", "1", "2", "3"], "1,000 records: 4 shards (a power of two)"
    assert sorted(r["url"] for rs in shards.values() for r in rs) == sorted(r["url"] for r in records)
    assert all(SHARD_PAGES // 2 < len(rs) < SHARD_PAGES * 1.25 for rs in shards.values()), [len(r) for r in shards.values()]
    home = {r["url"]: name for name, rs in shards.items() for r in rs}
    # An edit, a new page and a deleted page leave every other page in its shard.
    changed = records[:10] + [{**records[10], "content": "改 过"}] + records[11:] + [{"url": "/articles/new/", "content": "新"}]
    changed = [r for r in changed if r["url"] != "/articles/a20/"]
    again = shard_records(changed)
    assert all(home[r["url"]] == name for name, rs in again.items() for r in rs if r["url"] in home)
    moved = {name for name, rs in again.items() if rs != shards[name]}
    assert len(moved) <= 3, "the edited, the new and the deleted page's shards only"
    assert list(shard_records(_records(3))) == ["0"] and shard_records([]) == {}


def _sharded(monkeypatch, pages: int = 2):
    import sitegen.build.pipeline
    import sitegen.outputs.search

    monkeypatch.setattr(sitegen.outputs.search, "SHARD_PAGES", pages)
    runs = []
    real = sitegen.build.pipeline.build_index
    monkeypatch.setattr(sitegen.build.pipeline, "build_index", lambda records, *rest: runs.append(
        sorted(r["url"] for r in records)) or real(records, *rest))
    return runs


def _config(out: Path) -> dict:
    page = (out / "search/index.html").read_text()
    return json.loads(page.split('<script id="search-config" type="application/json">')[1].split("</script>")[0])


def test_each_shard_is_an_index_of_its_own_and_the_first_is_the_primary(tmp_path, monkeypatch):
    runs = _sharded(monkeypatch)
    build(copy_site(SCHOOLS, tmp_path / "site"), tmp_path / "out")
    out = tmp_path / "out/pagefind"
    config = _config(tmp_path / "out")
    names = [url.removeprefix("/pagefind/").rstrip("/") for url in config["shards"]]
    assert len(names) == len(runs) > 2 and sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(names)
    assert sum(len(urls) for urls in runs) == 9, "every record indexed once"
    for number, name in enumerate(names):
        entry = json.loads((out / name / "pagefind-entry.json").read_text())
        assert entry["languages"]["zh-cn"]["page_count"] == len(list((out / name / "fragment").iterdir()))
        # The worker and the WebAssembly are loaded from the primary index's folder only.
        assert bool(list((out / name).glob("wasm.*"))) == (number == 0)
        assert (out / name / "pagefind-worker.js").is_file() == (number == 0)
    assert [p.name for p in out.iterdir() if p.is_file()] == ["pagefind.js"]


def test_an_edit_indexes_only_its_shard_again(tmp_path, monkeypatch):
    from conftest import new_state

    runs = _sharded(monkeypatch)
    site = copy_site(SCHOOLS, tmp_path / "site")
    state = new_state(site)
    build(site, tmp_path / "out", state=state)
    shards = len(runs)
    runs.clear()
    build(site, tmp_path / "out", state=state)
    assert runs == [], "nothing changed: every shard from the cache"
    news = site / "content/articles/news.md"
    news.write_text(news.read_text(encoding="utf-8").replace("详见", "请见", 1), encoding="utf-8")
    build(site, tmp_path / "out", state=state)
    assert len(runs) == 1 and len(runs[0]) < 9 and shards > 2, runs
    fresh = tmp_path / "fresh"
    build(site, fresh, state=new_state(site))
    snap = lambda root: {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}  # noqa: E731
    assert snap(tmp_path / "out/pagefind") == snap(fresh / "pagefind"), "the cached shards equal a fresh index"


def test_search_config_carries_the_chinese_ranges_of_cjk_py(tmp_path):
    from sitegen.text.cjk import CJK_CHINESE_RANGES

    build(copy_site(SCHOOLS, tmp_path / "site"), tmp_path / "out")
    assert _config(tmp_path / "out")["cjk"] == CJK_CHINESE_RANGES
    assert "\u3100" in CJK_CHINESE_RANGES and "\ufe30" in CJK_CHINESE_RANGES
    script = (Path(__file__).parents[1] / "assets/js/search.js").read_text(encoding="utf-8")
    assert "\\u4e00" not in script.lower() and "\u4e00" not in script, "search.js keeps no copy of the ranges"


def test_search_records_date_items_in_the_sites_time_zone(site_factory, monkeypatch):
    import sitegen.build.pipeline

    captured = []
    monkeypatch.setattr(sitegen.build.pipeline, "build_index", lambda records, *rest: captured.extend(records) or [])
    site = site_factory({
        # 20:30 UTC on 25 June is 04:30 on 26 June in Asia/Shanghai, the site's default zone
        "content/articles/late.md": "---\ntitle: 深夜发布\ndate: 2023-06-25T20:30:00Z\n---\n正文。\n",
        "content/articles/day.md": "---\ntitle: 当天\ndate: 2023-06-26\n---\n正文。\n",
    })
    build(site)
    dates = {r["meta"]["title"]: (r["meta"]["date"], r["sort"]["date"]) for r in captured}
    assert dates == {"深夜发布": ("2023年6月26日", "2023-06-26T04:30:00+08:00"),
                     "当天": ("2023年6月26日", "2023-06-26T00:00:00+08:00")}


def test_the_title_comes_first_in_the_indexed_text_then_a_mark_where_the_excerpt_starts(site_factory, monkeypatch):
    import sitegen.build.pipeline
    from sitegen.outputs.search import TITLE_END

    captured = []
    monkeypatch.setattr(sitegen.build.pipeline, "build_index", lambda records, *rest: captured.extend(records) or [])
    build(site_factory({"content/articles/a.md": "---\ntitle: 禁毒标题\ndate: 2023-06-26\nsummary: 摘要\n---\n正文。\n"}))
    assert captured[0]["content"].split() == ["禁", "毒", "标", "题", TITLE_END, "摘", "要", "正", "文", "。"]


def test_a_site_with_nothing_to_search_says_so(site_factory):
    site = site_factory({"content/articles/draft.md": "---\ntitle: 草稿\ndate: 2023-06-26\ndraft: true\n---\n正文。\n"})
    build(site)
    page = (site / "public/search/index.html").read_text()
    assert "本站还没有发布可以搜索的内容" in page
    assert "search.js" not in page and not (site / "public/pagefind").exists()


def test_pagefind_is_started_straight_not_through_an_interpreter(monkeypatch):
    import sys

    import pagefind_bin_extended

    from sitegen.outputs.search import pagefind_command

    command = pagefind_command.__wrapped__()
    assert command == (str(pagefind_bin_extended.get_executable()),) and sys.executable not in command
    monkeypatch.setattr(pagefind_bin_extended, "get_executable", lambda: None)
    assert pagefind_command.__wrapped__() == (sys.executable, "-m", "pagefind"), "the wrapper, as a fallback"
