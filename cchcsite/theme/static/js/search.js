// Search page (/tim-kiem/): runs the query of the page's form against the Pagefind index
// built with the site. Without JavaScript, or without an index, the form still submits
// to this page and the catalogue links below it stay the way in.
//
// Pagefind does not fold `đ`: the index spells `đ` as `d` + U+0335 (a combining mark it
// strips for matching, see cchcsite/search.py). The query spells `đ` as `d`, and titles,
// excerpts and metadata are turned back into `đ` before they are shown.
//
// Citizens type as they speak ("xin giay khai sinh", "lltp"): the procedures a query names come
// first, found in the list of procedure names that comes with the page (see "Procedure names"
// below), which answers at once on a slow link while Pagefind loads for the full text.

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
  const portal = app.querySelector("[data-search-portal]");
  const params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").normalize("NFC");
  app.hidden = false;
  const chosen = {};
  for (const [key] of FILTERS) chosen[key] = new Set(params.getAll(key));
  const names = loadNames(app.dataset.names);
  // A shared link: the procedures it names show before Pagefind has even started to load.
  let answered = false;
  if (input.value.trim()) {
    names.then((listing) => {
      if (answered || !listing) return;
      const named = namedProcedures(listing, input.value, chosen);
      list.replaceChildren(...named.map((entry) => renderResult(quickData(entry))));
      showPortal(portal, input.value, named, chosen);
      if (named.length) status.textContent = `Có ${named.length.toLocaleString("vi-VN")} thủ tục khớp “${input.value.trim()}”; đang tìm thêm trong toàn trang…`;
    });
  }

  // The Pagefind files the page names (search.html's template): once the names list is in.
  await names;
  for (const hints of document.querySelectorAll("template[data-pagefind-hints]")) document.head.append(hints.content.cloneNode(true));

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
      portal.hidden = true;
      return;
    }
    status.textContent = "Đang tìm…";
    const listing = await names;
    const named = query && listing ? namedProcedures(listing, query, chosen) : [];
    const found = await find(pagefind, queryTerms(query, listing ? listing.filler : []), filters, available, named);
    if (mine !== generation || !found) return; // a newer query has started
    answered = true;
    results = found.results;
    filtersShown.then(() => updateCounts(filterBox, found.filters));
    shown = 0;
    // the procedures already on screen (the answer from the names list) stay where they are
    const kept = document.activeElement && list.contains(document.activeElement) ? list.childElementCount : 0;
    if (!kept) list.replaceChildren();
    else shown = kept;
    await showMore(false);
    if (mine !== generation) return;
    showPortal(portal, query, named, chosen);
    const what = query ? ` cho “${query}”` : "";
    status.textContent = results.length
      ? `Tìm thấy ${results.length.toLocaleString("vi-VN")} kết quả${what}.${found.partial ? ` Không trang nào chứa đủ mọi từ; đây là các trang chứa “${found.partial}”.` : ""}`
      : `Không tìm thấy kết quả nào${what}. Hãy thử từ khóa khác, ít từ hơn, hoặc tra cứu theo danh mục bên dưới.`;
  }

  async function showMore(moveFocus) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const loading = batch.map((result) => result.data());
    // a named procedure whose own result was not read (see find) is shown once, as named
    const seen = new Set([...list.querySelectorAll(".search-result h2 a")].map((link) => link.getAttribute("href")));
    const fresh = (data) => !seen.has(data.url) && seen.add(data.url);
    // On a slow link the first result shows as soon as its own fragment has arrived.
    const nodes = batch.length ? [await loading[0]].filter(fresh).map(renderResult) : [];
    list.append(...nodes);
    // "Xem thêm": focus the first new result as soon as it is there, not once the whole batch arrived
    if (moveFocus && nodes.length) nodes[0].querySelector("a").focus();
    const rest = (await Promise.all(loading.slice(1))).filter(fresh).map(renderResult);
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

// The procedures the query names come first (namedProcedures: from the list of procedure names,
// abolished ones after current ones, ties in Pagefind's order), then what Pagefind finds for the
// query's words (the filler words left out: "xin", "thủ tục"). A page must hold every word; when
// no page does, the pages holding the most of them (the largest set of words some page holds).
//
// Pagefind counts a filter's values only once that filter's chunk is loaded, and a search loads
// only the chunks of the filters it uses: a search run before `filtersLoaded` (pagefind.filters())
// is done shows wrong counts (every count 0 on a site with one index, some shards' share missing
// on a sharded one). The chunks of the query's words download meanwhile.
async function find(pagefind, terms, filters, filtersLoaded, named) {
  const words = terms.words;
  const term = terms.text ? foldQuery(terms.text) : null;
  // one at a time: the sharded ranking reads the index files as they arrive, and two at once would read them half-added
  const reorder = async (found, text) => {
    if (found && text && oneIndexOrder) found.results = await oneIndexOrder(text, found.results);
    return found;
  };
  const search = async (text, options) => reorder(await pagefind.search(text, options), text);
  const options = { filters: restricted(term || "", filters) };
  await Promise.all([filtersLoaded.catch(() => null), pagefind.preload(term, options)]);
  let plain = await reorder(await pagefind.search(term, options), term);
  let partial = "";
  if (plain && term && !plain.results.length && words.length > 1) {
    // no page holds every word: the largest set of the words some page holds, the one with most pages
    for (let size = words.length - 1; size >= Math.ceil(words.length / 2) && !partial; size--) {
      let best = null;
      for (const subset of subsets(words, size)) {
        const text = foldQuery(subset.join(" "));
        const found = await search(text, { filters: restricted(text, filters) });
        if (found && found.results.length && (!best || found.results.length > best.found.results.length)) best = { found, subset };
      }
      if (best) [plain, partial] = [best.found, best.subset.join(" ")];
    }
  }
  if (!plain) return plain;
  // The named procedures' own results, found by their code (a filter of the index, cchcsite/search.py):
  // in the query's results (whose excerpts mark the words), else on their own; no download needed.
  const place = new Map(plain.results.map((result, at) => [result.id, at]));
  // (a search by filter alone would read every index chunk: the code as the term reads only the chunks of digits)
  const own = await Promise.all(named.map((entry) => pagefind.search(entry.code, { filters: { code: { any: [entry.code] } } })));
  const first = named
    .map((entry, at) => ({ entry, at, result: own[at] && own[at].results[0] }))
    .map((one) => ({ ...one, order: one.result ? (place.get(one.result.id) ?? Infinity) : Infinity }))
    .sort((a, b) => (sameRank(a.entry.rank, b.entry.rank) ? a.order - b.order || a.at - b.at : a.at - b.at))
    .map(({ entry, result }) => {
      const found = result && plain.results[place.get(result.id)];
      return found || (result ? { ...result, quick: entry } : { id: `names:${entry.url}`, data: async () => quickData(entry), quick: entry });
    });
  const ids = new Set(first.map((result) => result.id));
  const counted = plain.filters ? countNamed(plain.filters, first.filter((result) => result.quick)) : plain.filters;
  return { ...plain, filters: counted, partial, results: [...first, ...plain.results.filter((result) => !ids.has(result.id))] };
}

// Named procedures missing from Pagefind's results (found through a citizens' word only) are counted in the filters too.
function countNamed(filters, extra) {
  const counts = structuredClone(filters);
  for (const { quick } of extra) {
    for (const [key, value] of [["kind", PROCEDURE], ["field", quick.field], ["online", quick.onlineLabel], ...quick.levelLabels.map((level) => ["level", level])]) {
      counts[key] ||= {};
      counts[key][value] = (counts[key][value] || 0) + 1;
    }
  }
  return counts;
}

function* subsets(words, size, from = 0) {
  if (!size) return yield [];
  for (let i = from; i <= words.length - size; i++) for (const rest of subsets(words, size - 1, i + 1)) yield [words[i], ...rest];
}

// --- Procedure names ------------------------------------------------------------------------
// /tim-kiem/thu-tuc.json (cchcsite/render/procedure_names.py): every procedure's name, code,
// keywords (its own and the citizens' words for it: "giấy chứng tử" for "Đăng ký khai tử") and
// filter values. A query need not hold every word of a name: a procedure is named when its name,
// keywords or result hold most of what the query's words tell (a word in few names tells more
// than "đăng ký", which starts many; filler words such as "xin", "làm", "thủ tục" left out) and
// all of them, or two of them side by side as in its name; or when the query holds a keyword whole.
// Named procedures are ordered: the whole name typed first; current before abolished; the most
// words matched (a name's or keyword's word counts 1, the result's 0.8, each pair side by side
// 0.5 more, a whole keyword 1 more); citizens' procedures before those only agencies apply for;
// the name with fewest other words (the general one before "… có yếu tố nước ngoài"); then, once
// Pagefind has answered, in its order. The same list serves a sharded site: it ranks the same way.

function loadNames(address) {
  if (!address) return Promise.resolve(null);
  return fetch(new URL(address, location.href))
    .then((response) => (response.ok ? response.json() : null))
    .then((listing) => listing && prepared(listing))
    .catch(() => null);
}

function prepared(listing) {
  listing.entries = listing.procedures.map(([url, title, code, field, levels, online, abolished, keywords, result, agencies]) => {
    const levelKeys = levels ? levels.split(",") : [];
    const keywordList = keywords ? keywords.split(",").map((index) => listing.keywords[index]) : [];
    return {
      url: url || `${listing.prefix}${bare(title).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")}/`, // written out when not the name's slug
      title, code, abolished, agencies, statusLabel: abolished ? listing.status : "",
      field: listing.fields[field],
      levelLabels: levelKeys.map((key) => listing.levels[key] || key),
      onlineLabel: listing.online[online] || online,
      result,
      titleTokens: tokens(title),
      titleWords: tokens(title).map((token) => token.bare),
      keywordWords: keywordList.map((keyword) => tokens(keyword).map((token) => token.bare)),
      resultWords: tokens(result || "").map((token) => token.bare),
    };
  });
  listing.fillerWords = (listing.filler || []).map((phrase) => tokens(phrase).map((token) => token.bare));
  // How much a word tells one name from another: "đăng ký" starts many names, "thường trú" few.
  const names = new Map();
  for (const entry of listing.entries) for (const word of new Set(entry.titleWords)) names.set(word, (names.get(word) || 0) + 1);
  listing.weight = (word) => Math.log(1 + listing.entries.length / ((names.get(word) || 0) + 0.5));
  return listing;
}

// "Xin giấy khai sinh!" → [{original: "xin", bare: "xin"}, {original: "giấy", bare: "giay"}, …]
function tokens(text) {
  return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((original) => ({ original, bare: bare(original) }));
}

// The query's words without the filler words (unless nothing else is left), and the text Pagefind searches.
function queryTerms(query, filler) {
  const all = tokens(query);
  const phrases = (filler || []).map((phrase) => (typeof phrase === "string" ? tokens(phrase).map((token) => token.bare) : phrase));
  const covered = new Set();
  const bareWords = all.map((token) => token.bare);
  for (const phrase of phrases) {
    for (let start = 0; start + phrase.length <= all.length; start++) {
      if (holds(bareWords.slice(start, start + phrase.length), phrase)) for (let i = 0; i < phrase.length; i++) covered.add(start + i);
    }
  }
  const kept = all.filter((_, index) => !covered.has(index));
  const words = all.map((token) => token.bare);
  if (!kept.length || kept.length === all.length) return { all: words, tokens: all, words: all.map((token) => token.original), text: query.trim() };
  return { all: words, tokens: kept, words: kept.map((token) => token.original), text: kept.map((token) => token.original).join(" ") };
}

const CODE = /^[123]\.\d{6}(\.[0-9A-Za-z]+)*$/;

export function namedProcedures(listing, query, chosen) {
  if (chosen.kind.size && !chosen.kind.has(listing.kind)) return [];
  const terms = queryTerms(query, listing.fillerWords);
  const words = terms.tokens.map((token) => token.bare);
  if (!words.length) return [];
  const code = query.trim();
  const found = [];
  for (const entry of listing.entries) {
    if (chosen.field.size && !chosen.field.has(entry.field)) continue;
    if (chosen.level.size && !entry.levelLabels.some((label) => chosen.level.has(label))) continue;
    if (chosen.online.size && !chosen.online.has(entry.onlineLabel)) continue;
    if (CODE.test(code)) {
      if (entry.code === code || entry.code.startsWith(code + ".")) found.push({ ...entry, rank: [entry.code === code ? 0 : 1, entry.abolished, 0, 0, 0] });
      continue;
    }
    const rank = nameRank(entry, terms.tokens, words, terms.all, listing.weight);
    if (rank) found.push({ ...entry, rank });
  }
  found.sort((a, b) => compareRanks(a.rank, b.rank) || a.title.localeCompare(b.title, "vi"));
  return found.slice(0, PAGE_SIZE * 2);
}

// [whole name typed? 0 : 1, abolished 1 : 0, −words matched, for agencies only 1 : 0, the name's
// other words] for a named procedure, else null.
function nameRank(entry, queryTokens, words, typed, telling) {
  const fields = [[entry.titleWords, 1], ...entry.keywordWords.map((keyword) => [keyword, 1]), [entry.resultWords, 0.8]];
  let total = 0;
  let matched = 0;
  let pair = false;
  let told = 0; // how much of what the query's words tell the names apart this name holds
  for (const word of words) {
    let best = 0;
    for (const [field, weight] of fields) if (weight > best && field.includes(word)) best = weight;
    if (best) [matched, total, told] = [matched + 1, total + best, told + telling(word)];
  }
  for (let i = 1; i < words.length; i++) {
    for (const [field, weight] of fields) {
      if (field.some((word, at) => word === words[i - 1] && field[at + 1] === words[i])) {
        [pair, total] = [true, total + 0.5 * weight];
        break;
      }
    }
  }
  const whole = entry.keywordWords.some((keyword) => holds(words, keyword));
  if (whole) total += 1;
  // a name is named by the query when it holds most of what the query's words tell ("đăng ký
  // thường trú" does not name "Đăng ký khai sinh"), and all of them, or two side by side, or a keyword
  const tellingTotal = words.reduce((sum, word) => sum + telling(word), 0);
  if (!whole && (told * 2 < tellingTotal || !(matched === words.length || pair))) return null;
  // the accents typed as the name writes them ("khai tử" for "Đăng ký khai tử") weigh a little more
  const titled = new Set(entry.titleTokens.map((token) => token.original));
  total += 0.05 * queryTokens.filter((token) => token.original !== token.bare && titled.has(token.original)).length;
  const typedWhole = holds(typed, entry.titleWords);
  const others = entry.titleWords.filter((word) => !words.includes(word)).length; // a name with fewer other words is the general one
  return [typedWhole ? 0 : 1, entry.abolished, -Math.round(total * 100) / 100, entry.agencies, others];
}

// Whether `phrase` stands in `words`, side by side.
function holds(words, phrase) {
  for (let start = 0; phrase.length && start + phrase.length <= words.length; start++) if (phrase.every((word, i) => words[start + i] === word)) return true;
  return false;
}

function compareRanks(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

const sameRank = (a, b) => compareRanks(a, b) === 0;

// A named procedure shown before (or without) its Pagefind result: what renderResult needs.
function quickData(entry) {
  const app = document.getElementById("search-app");
  const root = new URL(app.dataset.root, location.href).pathname;
  return {
    url: root + entry.url.replace(/^\//, ""),
    meta: { title: entry.title, kind: `${PROCEDURE} · Mã ${entry.code}`, status: entry.statusLabel, summary: `${entry.field} · Dịch vụ công trực tuyến: ${entry.onlineLabel}` },
    excerpt: "",
  };
}

// When the site has no procedure the query names (and procedures are searched), the national portal's search for it.
function showPortal(box, query, named, chosen) {
  const address = box && box.dataset.portal;
  const wanted = query.trim();
  box.hidden = !address || !wanted || named.length > 0 || (chosen.kind.size > 0 && !chosen.kind.has(PROCEDURE));
  if (box.hidden) return;
  const link = document.createElement("a");
  link.href = address.includes("{query}") ? address.replace("{query}", encodeURIComponent(wanted)) : address;
  link.textContent = `Tìm “${wanted}” trên ${box.dataset.portalName || "Cổng Dịch vụ công"}`;
  const text = document.createElement("p");
  text.append(`Trang này không có thủ tục hành chính nào khớp với “${wanted}”. `, link, ".");
  box.replaceChildren(text);
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
