// Site search on Pagefind. The index holds Chinese one character per word, so a Chinese
// query is searched as a quoted phrase of characters: exact substrings, no segmenter.
const config = JSON.parse(document.getElementById("search-config").textContent);
const form = document.querySelector("form.search-page");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterBox = document.getElementById("search-filters");
const more = document.getElementById("search-more");
const PAGE = 30; // results shown at once; "显示更多" shows the next ones
const EXCERPT = 60; // words of excerpt: Chinese characters, one per word in the index
// The Chinese characters (and “”‘’…—·) that indexing spaced one per word: sitegen/text/cjk.py.
const cjkRun = new RegExp(`[${config.cjk}]+`, "g");
const gapAfter = new RegExp(`([${config.cjk}])((?:</?mark>)*) ((?:</?mark>)*)`, "g");
const gapBefore = new RegExp(`((?:</?mark>)*) ((?:</?mark>)*)(?=[${config.cjk}])`, "g");

document.getElementById("search-help").hidden = true;

function phrase(word) {
  const spaced = word.replace(cjkRun, (run) => ` ${[...run].join(" ")} `).trim().replace(/\s+/g, " ");
  return spaced.includes(" ") ? `"${spaced}"` : spaced;
}

function variants(words) {
  // The query as typed first; then each word swapped for the other names in its group.
  const out = [words];
  words.forEach((word, index) => {
    const group = config.groups.find((g) => g.includes(word));
    if (!group) return;
    for (const other of group) {
      if (other !== word) out.push(words.map((w, i) => (i === index ? other : w)));
    }
  });
  return out;
}

function tidy(excerpt) {
  // The indexed text is the title, config.titleEnd, then the rest: the title is shown above the
  // excerpt, so the excerpt starts after it. Then undo the indexing spaces between Chinese
  // characters, keeping the highlight marks.
  const text = excerpt.includes(config.titleEnd) ? excerpt.slice(excerpt.lastIndexOf(config.titleEnd) + 1) : excerpt;
  return text.trim().replace(gapAfter, "$1$2$3").replace(gapBefore, "$1$2").replace(/<\/mark><mark>/g, "");
}

function chosenFilters() {
  const filters = {};
  for (const box of filterBox.querySelectorAll("input:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  return filters;
}

function renderFilters(available, selected) {
  filterBox.replaceChildren();
  for (const [name, title] of config.filters) {
    const values = available[name];
    if (!values || !Object.keys(values).length) continue;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = title;
    fieldset.append(legend);
    for (const [value, count] of Object.entries(values)) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = (selected[name] || []).includes(value);
      box.addEventListener("change", () => run(input.value));
      label.append(box, ` ${value}（${count}）`);
      fieldset.append(label);
    }
    filterBox.append(fieldset);
  }
}

function updateCounts(response) {
  // Counts for this query (all filters off), not for the whole site.
  for (const box of filterBox.querySelectorAll("input")) {
    const count = response ? (response.filters[box.name] || {})[box.value] || 0 : 0;
    box.parentElement.lastChild.textContent = ` ${box.value}（${count}）`;
  }
}

let pagefind;
let latest = 0;
let shown = { found: [], ticket: 0, count: 0 }; // the latest query's results, and how many are on the page

async function run(query) {
  const ticket = ++latest;
  const words = query.trim().split(/\s+/).filter(Boolean);
  const filters = chosenFilters();
  const params = new URLSearchParams();
  if (query.trim()) params.set("q", query.trim());
  for (const [name, values] of Object.entries(filters)) values.forEach((v) => params.append(name, v));
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  list.replaceChildren();
  more.hidden = true;
  if (!words.length) {
    status.textContent = "请输入要搜索的词。";
    return;
  }
  status.textContent = "正在搜索……";
  pagefind ||= await import(config.pagefind);
  const seen = new Set();
  const found = [];
  for (const variant of variants(words)) {
    const response = await pagefind.search(variant.map(phrase).join(" "), { filters });
    for (const result of response.results) {
      if (!seen.has(result.id)) {
        seen.add(result.id);
        found.push(result);
      }
    }
  }
  if (ticket !== latest) return;
  updateCounts(found.length ? await pagefind.search(words.map(phrase).join(" ")) : null);
  status.textContent = found.length ? `找到 ${found.length} 个结果：“${query.trim()}”` : `没有找到与“${query.trim()}”有关的内容。`;
  shown = { found, ticket, count: 0 };
  await showMore();
}

async function showMore() {
  // The next PAGE results of the latest query; the button says how many are left.
  const { found, ticket } = shown;
  more.disabled = true;
  const next = await Promise.all(found.slice(shown.count, shown.count + PAGE).map((r) => r.data()));
  more.disabled = false;
  if (ticket !== latest) return;
  shown.count += next.length;
  for (const data of next) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title;
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [data.meta.type, data.meta.date].filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    excerpt.innerHTML = tidy(data.excerpt); // Pagefind escapes the page text; only <mark> is markup
    item.append(heading, meta, excerpt);
    list.append(item);
  }
  const left = found.length - shown.count;
  more.hidden = left <= 0;
  more.textContent = `显示更多结果（还有 ${left} 个）`;
}

async function start() {
  const params = new URLSearchParams(location.search);
  const selected = {};
  for (const [name] of config.filters) selected[name] = params.getAll(name);
  input.value = params.get("q") || "";
  pagefind = await import(config.pagefind);
  // One Pagefind index per shard (sitegen/outputs/search.py): the first is the primary one, the
  // others are merged into it; searches and filter counts then cover them all.
  // The records' URLs already hold the site's base path: baseUrl "/" keeps Pagefind from adding it.
  const [first, ...others] = config.shards;
  const options = { baseUrl: "/", excerptLength: EXCERPT };
  await pagefind.options({ basePath: first, ...options });
  await Promise.all(others.map((shard) => pagefind.mergeIndex(shard, options)));
  renderFilters(await pagefind.filters(), selected);
  filterBox.closest("details").hidden = false;
  if (Object.values(selected).some((values) => values.length)) filterBox.closest("details").open = true;
  more.addEventListener("click", () => showMore());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(input.value);
  });
  if (input.value) run(input.value);
}

start().catch((problem) => {
  status.textContent = "搜索暂时无法使用，请按栏目浏览。";
  document.getElementById("search-help").classList.add("failed"); // shown again: browse instead
  console.error(problem);
});
