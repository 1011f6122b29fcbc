// Search page (/tim-kiem/): runs the query of the page's form against the Pagefind index
// built with the site. Without JavaScript, or without an index, the form still submits
// to this page and the catalogue links below it stay the way in.
//
// Pagefind does not fold `đ`: the index spells `đ` as `d` + U+0335 (a combining mark it
// strips for matching, see cchcsite/search.py). The query spells `đ` as `d`, and titles,
// excerpts and metadata are turned back into `đ` before they are shown.

const PAGE_SIZE = 10;
// Syllables such as "thủ", "tục", "đăng", "ký" repeat all over these sites, so how often a page
// repeats them says little (termFrequency 0.5), and procedures are long by nature: a long page
// is barely penalised (pageLength 0.2). Chosen on the demo site's queries (tests/test_search_browser.py).
const RANKING = { termFrequency: 0.5, pageLength: 0.2 };
const PROCEDURE = "Thủ tục hành chính"; // the kind filter's value for procedures (vi.KIND_LABELS)
const FILTERS = [
  ["kind", "Loại nội dung"],
  ["field", "Lĩnh vực (thủ tục)"],
  ["level", "Cấp thực hiện (thủ tục)"],
  ["online", "Dịch vụ công trực tuyến (thủ tục)"],
];

// `đ` → `d`, keeping the tone marks: the index keeps each word's accented spelling with the
// stroke mark dropped ("Đèo" is kept as "dèo"), so "đèo" still ranks "Đèo" above "dẻo".
// Quotes are dropped: Pagefind's phrase search misses phrases whose syllables appear with
// several accents on a page (most Vietnamese phrases), while the plain words rank them first.
export function foldQuery(text) {
  return text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/["“”]/g, " ");
}

// "đăng ký khai tử" → "dăngký kýkhai khaitử": adjacent syllables joined, never across
// punctuation. Only procedure names are indexed that way, so this second query finds the
// procedure the citizen names even when a folded syllable ("tu" of "tử") is on every page.
export function pairQuery(text) {
  const pairs = [];
  for (const phrase of foldQuery(text).toLowerCase().split(/[^\p{L}\p{N}\s]+/u)) {
    const words = phrase.split(/\s+/).filter(Boolean);
    for (let i = 1; i < words.length; i++) pairs.push(words[i - 1] + words[i]);
  }
  return [...new Set(pairs)].join(" ");
}

// `D̵ăng ký` → `Đăng ký`: the index's spelling of `đ` (search.py's index_spelling) back to what people read.
export function fromIndexSpelling(text) {
  return (text || "").replace(/d\u0335/g, "đ").replace(/D\u0335/g, "Đ").normalize("NFC");
}

const app = document.getElementById("search-app");
const input = document.getElementById("search-page");
if (app && input && input.form) {
  start(app, input).catch(() => {});
}

async function start(app, input) {
  const form = input.form;
  const status = app.querySelector("[data-search-status]");
  const list = app.querySelector("[data-search-results]");
  const more = app.querySelector("[data-search-more]");
  const filterBox = app.querySelector("[data-search-filters]");
  const params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").normalize("NFC");
  app.hidden = false;

  let pagefind;
  try {
    const bundle = new URL(app.dataset.bundle, location.href);
    const root = new URL(app.dataset.root, location.href);
    const tag = document.querySelector("link[data-pagefind-tag]:not([data-pagefind-shard])");
    // A sharded index (its shards are named by the preload links, or a theme's own search page
    // has no links): search-rank.js orders the merged results as one index would, from the
    // index files Pagefind downloads, which it keeps a copy of from the start.
    const rankModule = (!tag || document.querySelector("link[data-pagefind-shard]")) && app.dataset.rank ? import(new URL(app.dataset.rank, location.href).href).catch(() => null) : null;
    pagefind = await import(new URL("pagefind.js", bundle).href);
    const rank = await rankModule;
    const recorder = rank && rank.recordIndexFiles(bundle.pathname);
    // On the main thread: the worker would be one more download before the first search,
    // and the files the page preloads (see search.html) are reused only by the page itself.
    const shared = { baseUrl: root.pathname, excerptLength: 24, ranking: RANKING };
    const options = { ...shared, noWorker: true };
    if (tag) options.metaCacheTag = tag.dataset.pagefindTag; // the address of the preloaded pagefind-entry.json
    await pagefind.options(options);
    pagefind.init();
    // A large site's index is split into shards (cchcsite/search.py): Pagefind searches them
    // all and merges the results and the filter counts.
    shardIndex = await shards(bundle, tag);
    for (const shard of shardIndex.shards) {
      const merged = { ...shared };
      if (shard.tag) merged.metaCacheTag = shard.tag;
      await pagefind.mergeIndex(new URL(shard.path, bundle).pathname, merged);
    }
    if (recorder && shardIndex.shards.length && shardIndex.pages) oneIndexOrder = rank.ranking(recorder, shardIndex, bundle.pathname, RANKING);
    else if (recorder) recorder.stop();
  } catch (error) {
    status.textContent = "Chưa dùng được công cụ tìm kiếm trên trang này. Hãy tra cứu theo danh mục bên dưới.";
    return;
  }

  const chosen = {};
  for (const [key] of FILTERS) chosen[key] = new Set(params.getAll(key));
  // Loads the chunks of every filter in every shard (the counts wait for them: see find).
  const available = pagefind.filters();
  const filtersShown = renderFilters(available, filterBox, chosen, () => run(true)).then(() => {
    const box = app.querySelector("[data-search-filters-box]");
    box.hidden = !filterBox.childElementCount;
    if ([...Object.values(chosen)].some((values) => values.size)) box.open = true;
  });

  let results = [];
  let shown = 0;
  let generation = 0;
  let timer = 0;

  async function run(updateUrl) {
    const query = input.value.trim();
    const filters = {};
    for (const [key] of FILTERS) if (chosen[key].size) filters[key] = { any: [...chosen[key]] };
    if (updateUrl) {
      const next = new URLSearchParams();
      if (query) next.set("q", query);
      for (const [key] of FILTERS) for (const value of chosen[key]) next.append(key, value);
      const search = next.toString();
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    }
    const mine = ++generation;
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = "Đang tìm…";
    const found = await find(pagefind, query, filters, available);
    if (mine !== generation || !found) return; // a newer query has started
    results = found.results;
    filtersShown.then(() => updateCounts(filterBox, found.filters));
    shown = 0;
    list.replaceChildren();
    await showMore(false);
    if (mine !== generation) return;
    const what = query ? ` cho “${query}”` : "";
    status.textContent = results.length
      ? `Tìm thấy ${results.length.toLocaleString("vi-VN")} kết quả${what}.`
      : `Không tìm thấy kết quả nào${what}. Hãy thử từ khóa khác, ít từ hơn, hoặc tra cứu theo danh mục bên dưới.`;
  }

  async function showMore(moveFocus) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const loading = batch.map((result) => result.data());
    // On a slow link the first result shows as soon as its own fragment has arrived.
    const nodes = batch.length ? [renderResult(await loading[0])] : [];
    list.append(...nodes);
    // "Xem thêm": focus the first new result as soon as it is there, not once the whole batch arrived
    if (moveFocus && nodes.length) nodes[0].querySelector("a").focus();
    const rest = (await Promise.all(loading.slice(1))).map(renderResult);
    list.append(...rest);
    shown += batch.length;
    more.hidden = shown >= results.length;
  }

  more.addEventListener("click", () => showMore(true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(true);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(true), 300);
  });
  await run(false);
}

// The merged shards and the words each holds (shards.json): named by the search page's preload
// links, or, on a search page without them (a site theme's own), by shards.json alone.
let shardIndex = { shards: [] };
// For a sharded index: (query, results) → the results in the order one index would list them.
let oneIndexOrder = null;

async function shards(bundle, tag) {
  const named = [...document.querySelectorAll("link[data-pagefind-shard]")].map((link) => ({ path: link.dataset.pagefindShard, tag: link.dataset.pagefindTag }));
  if (tag && !named.length) return { shards: [] }; // one index
  const listing = document.querySelector("link[data-pagefind-listing]");
  try {
    const response = await fetch(listing ? listing.href : new URL("shards.json", bundle));
    const index = await response.json();
    return named.length ? { ...index, shards: named } : index;
  } catch {
    return { shards: named };
  }
}

// One index finds a page only if it holds every word of the query (as a word or the start of
// one); a shard that lacks a word would instead match the word's longest indexed prefix
// ("dangky" as "dang"). The shards that hold every known word of the query, as values of the
// index's `shard` filter; null when that is all of them.
function shardFilter(text) {
  const { words, masks, shards: merged } = shardIndex;
  if (!words || !text) return null;
  const every = (1n << BigInt(merged.length + 1)) - 1n;
  let allowed = every;
  for (const term of bare(text.replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "")).split(/\s+/).filter(Boolean)) {
    let holders = 0n;
    let low = 0;
    let high = words.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (words[middle] < term) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < words.length && words[i].startsWith(term) && holders !== every; i++) {
      holders |= masks[i] === "" ? every : [...masks[i]].reduce((value, digit) => value * 36n + BigInt(parseInt(digit, 36)), 0n);
    }
    if (holders) allowed &= holders; // a word no shard holds: Pagefind's own fallback decides
  }
  if (allowed === every) return null;
  const names = [];
  for (let bit = 0; bit <= merged.length; bit++) {
    if (allowed & (1n << BigInt(bit))) names.push(bit ? merged[bit - 1].path : ".");
  }
  return { any: names.length ? names : ["-"] }; // "-": no shard, no result
}

function restricted(text, filters) {
  const shard = shardFilter(text);
  return shard ? { ...filters, shard } : filters;
}

// The procedures whose name the query contains come first: a name typed in full first, then
// in the order of the plain query (abolished ones after current ones); then everything else
// the plain words find.
//
// Pagefind counts a filter's values only once that filter's chunk is loaded, and a search loads
// only the chunks of the filters it uses: a search run before `filtersLoaded` (pagefind.filters())
// is done shows wrong counts (every count 0 on a site with one index, some shards' share missing
// on a sharded one). The chunks of the query's words download meanwhile.
async function find(pagefind, query, filters, filtersLoaded) {
  const pairs = query ? pairQuery(query) : "";
  // Only procedures have names. (A shard of a large site without a pair would also match the
  // pair's longest known prefix, "dang" for "dangky", on its news items: the filter keeps them out.)
  const kinds = filters.kind ? filters.kind.any.filter((kind) => kind === PROCEDURE) : [PROCEDURE];
  const searches = [[query ? foldQuery(query) : null, { filters: restricted(foldQuery(query), filters) }]];
  if (pairs && kinds.length) searches.push([pairs, { filters: restricted(pairs, { ...filters, kind: { any: kinds } }) }]);
  await Promise.all([filtersLoaded.catch(() => null), ...searches.map(([term, options]) => pagefind.preload(term, options))]);
  const [plain, named] = await Promise.all(searches.map(([term, options]) => pagefind.search(term, options)));
  if (oneIndexOrder) {
    if (plain && query) plain.results = await oneIndexOrder(foldQuery(query), plain.results);
    if (named) named.results = await oneIndexOrder(pairs, named.results);
  }
  if (!plain || !named || !named.results.length) return plain;
  const wanted = new Set(bare(pairs).split(" "));
  const rank = new Map(plain.results.map((result, order) => [result.id, order]));
  // (their fragments are downloaded to read the names; on a slow link, no more than one page's worth)
  const candidates = named.results.slice(0, PAGE_SIZE);
  const found = await Promise.all(
    candidates.map(async (result, order) => {
      const meta = (await result.data()).meta;
      const names = bare(fromIndexSpelling(meta.names || "")).split(" ").filter((pair) => pair && !/^[\d.]/.test(pair));
      const matched = names.filter((pair) => wanted.has(pair)).length;
      return { result, matched, key: [matched < names.length ? 1 : 0, meta.status ? 1 : 0, rank.get(result.id) ?? plain.results.length + order] };
    }),
  );
  // Pagefind also splits a pair it does not know into known words ("datdai" finds "đất đai"):
  // only the names that contain the most pairs of the query count.
  const most = Math.max(...found.map((entry) => entry.matched));
  const keys = most > 0 ? found.filter((entry) => entry.matched === most) : [];
  keys.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
  const byId = new Map(plain.results.map((result) => [result.id, result]));
  const first = keys.map((entry) => byId.get(entry.result.id) || entry.result); // its excerpt marks the plain words
  const ids = new Set(first.map((result) => result.id));
  return { ...plain, results: [...first, ...plain.results.filter((result) => !ids.has(result.id))] };
}

// Without any mark, as Pagefind matches: "Khaitử" → "khaitu".
function bare(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

function renderResult(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = fromIndexSpelling(data.meta.title || data.url);
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = [data.meta.kind, data.meta.date].filter(Boolean).join(" · ");
  if (data.meta.status) {
    const badge = document.createElement("span");
    badge.className = "badge badge-abolished";
    badge.textContent = data.meta.status;
    meta.prepend(badge, " ");
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  appendExcerpt(excerpt, data.excerpt || fromIndexSpelling(data.meta.summary || ""));
  item.append(heading, meta, excerpt);
  return item;
}

// Pagefind's excerpt is escaped text with <mark> around the matched words: rebuild it from
// text nodes (never as HTML), restoring `đ`.
function appendExcerpt(target, excerptHtml) {
  const parsed = new DOMParser().parseFromString(`<p>${excerptHtml}</p>`, "text/html");
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = fromIndexSpelling(node.textContent);
      target.append(mark);
    } else {
      target.append(document.createTextNode(fromIndexSpelling(node.textContent)));
    }
  }
}

async function renderFilters(filters, box, chosen, changed) {
  const available = await filters;
  let index = 0;
  for (const [key, label] of FILTERS) {
    const values = Object.entries(available[key] || {}).sort(([a], [b]) => a.localeCompare(b, "vi"));
    if (values.length < 2 && !chosen[key].size) continue;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "search-filter";
    const legend = document.createElement("legend");
    legend.textContent = label;
    fieldset.append(legend);
    for (const [value, count] of values) {
      const id = `search-filter-${index++}`;
      const row = document.createElement("div");
      const check = document.createElement("input");
      check.type = "checkbox";
      check.id = id;
      check.name = key;
      check.value = value;
      check.checked = chosen[key].has(value);
      check.addEventListener("change", () => {
        if (check.checked) chosen[key].add(value);
        else chosen[key].delete(value);
        changed();
      });
      const text = document.createElement("label");
      text.htmlFor = id;
      text.dataset.value = `${key}\u0000${value}`;
      text.dataset.label = fromIndexSpelling(value);
      text.textContent = `${fromIndexSpelling(value)} (${count})`;
      row.append(check, text);
      fieldset.append(row);
    }
    box.append(fieldset);
  }
}

// Each label shows how many of the current results have that value (Pagefind's counts for
// the results of this query, other filters applied).
function updateCounts(box, counts) {
  if (!counts) return;
  for (const label of box.querySelectorAll("label[data-value]")) {
    const [key, value] = label.dataset.value.split("\u0000");
    label.textContent = `${label.dataset.label} (${(counts[key] || {})[value] || 0})`;
  }
}
