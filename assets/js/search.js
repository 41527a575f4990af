// Site search on Pagefind. The index holds Chinese one character per word, so a Chinese
// query is searched as a quoted phrase of characters: exact substrings, no segmenter.
const config = JSON.parse(document.getElementById("search-config").textContent);
const form = document.querySelector("form.search-page");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterBox = document.getElementById("search-filters");
const CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef";
const cjkRun = new RegExp(`[${CJK}]+`, "g");
// Indexing put a space on each side of every Chinese character (and “”‘’…—·); take them out.
const WIDE = `${CJK}\u2018\u2019\u201c\u201d\u2026\u2014\u00b7`;
const gapAfter = new RegExp(`([${WIDE}])((?:</?mark>)*) ((?:</?mark>)*)`, "g");
const gapBefore = new RegExp(`((?:</?mark>)*) ((?:</?mark>)*)(?=[${WIDE}])`, "g");

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
  // Undo the indexing spaces between Chinese characters, keeping the highlight marks.
  return excerpt.replace(gapAfter, "$1$2$3").replace(gapBefore, "$1$2").replace(/<\/mark><mark>/g, "");
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

async function run(query) {
  const ticket = ++latest;
  const words = query.trim().split(/\s+/).filter(Boolean);
  const filters = chosenFilters();
  const params = new URLSearchParams();
  if (query.trim()) params.set("q", query.trim());
  for (const [name, values] of Object.entries(filters)) values.forEach((v) => params.append(name, v));
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  list.replaceChildren();
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
  const shown = await Promise.all(found.slice(0, 30).map((r) => r.data()));
  if (ticket !== latest) return;
  for (const data of shown) {
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
    excerpt.innerHTML = tidy(data.excerpt); // Pagefind escapes the page text; only <mark> is markup
    item.append(heading, meta, excerpt);
    list.append(item);
  }
}

async function start() {
  const params = new URLSearchParams(location.search);
  const selected = {};
  for (const [name] of config.filters) selected[name] = params.getAll(name);
  input.value = params.get("q") || "";
  pagefind = await import(config.pagefind);
  await pagefind.options({ excerptLength: 40 });
  renderFilters(await pagefind.filters(), selected);
  filterBox.closest("details").hidden = false;
  if (Object.values(selected).some((values) => values.length)) filterBox.closest("details").open = true;
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
