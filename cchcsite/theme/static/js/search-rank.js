// Ranking for a site whose search index is split into shards (cchcsite/search.py, "Shards"):
// each shard's Pagefind scores its pages with its own statistics (how many pages it has, how
// long they are, how many of them hold each word), so pages of nearly equal score would change
// places against one index of the whole site. This module gives every result the score one
// Pagefind 1.5.2 index of the whole site would give it, from the index files Pagefind has
// downloaded anyway, and search.js orders the results by it. A site with one index never loads it.
//
// The score is Pagefind's own (its WebAssembly's term search), computed in single
// precision like its WebAssembly does, with the site's statistics: BM25 per word (idf from
// the pages holding any word that starts with the query word), length and diacritic bonuses,
// and the metadata boost. A page holding several accented spellings of a query word counts the
// first one the index lists: the build lists every index's spellings in code point order
// (search.py), so every shard and the whole site list them alike. Pages of equal score are
// ordered by URL, from each page's place in URL order (shards.json), the same in every shard
// whatever file system built it. (One index keeps Pagefind's own order, where equal scores come
// in an order of its own: the only difference between the two.)

const f = Math.fround;

// Pagefind's ranking weights when none is given (search.js gives some: its RANKING).
const DEFAULT_WEIGHTS = { termSimilarity: 1.0, pageLength: 0.75, termSaturation: 1.4, termFrequency: 1.0, diacriticSimilarity: 0.8, metaWeights: { title: 5.0 } };

export function rankingWeights(given = {}) {
  const weights = { ...DEFAULT_WEIGHTS, ...given, metaWeights: { ...DEFAULT_WEIGHTS.metaWeights, ...given.metaWeights } };
  for (const [name, value] of Object.entries(weights)) if (typeof value === "number") weights[name] = f(value);
  for (const [name, value] of Object.entries(weights.metaWeights)) weights.metaWeights[name] = f(value);
  return weights;
}

// --- The files Pagefind downloads --------------------------------------------------------

// Keeps a copy of every metadata and index chunk file Pagefind fetches below `bundle` (a path),
// so the ranking reads them without a second download. Installed before Pagefind starts.
export function recordIndexFiles(bundle) {
  const files = new Map(); // path → Promise<Uint8Array> (the file's contents, decompressed)
  const fetched = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const response = fetched.call(globalThis, input, init);
    const path = new URL(typeof input === "string" ? input : input.url, location.href).pathname;
    if (path.startsWith(bundle) && /\.pf_(meta|index)$|pagefind-entry\.json$/.test(path)) {
      const copy = response.then((answer) => answer.clone().arrayBuffer()).then((buffer) => (path.endsWith(".json") ? new Uint8Array(buffer) : unpack(new Uint8Array(buffer))));
      files.set(path, copy.catch(() => null)); // unreadable: the ranking gives up, Pagefind's own order stays
    }
    return response;
  };
  return { files, stop: () => (globalThis.fetch = fetched) };
}

const SIGNATURE = "pagefind_dcd";

// Pagefind's files are gzip-compressed CBOR after a signature (a server may have decompressed them already).
export async function unpack(bytes) {
  if (new TextDecoder().decode(bytes.subarray(0, SIGNATURE.length)) !== SIGNATURE) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return bytes.subarray(SIGNATURE.length);
}

// The CBOR Pagefind writes: integers, strings, byte strings, arrays. `read(bytes, at)` gives the
// item at `at` and where the next one starts; `skip` only finds where the next one starts.
// `head` reads an item's head at `at` into `itemMajor` and `itemLength` and returns where its content
// starts (no allocation: index chunks hold hundreds of thousands of numbers).
let itemMajor = 0, itemLength = 0;

function head(bytes, at) {
  const first = bytes[at++];
  itemMajor = first >> 5;
  itemLength = first & 31;
  if (itemLength >= 24) {
    const size = 1 << (itemLength - 24);
    itemLength = 0;
    for (let i = 0; i < size; i++) itemLength = itemLength * 256 + bytes[at++];
  }
  return at;
}

// The integer item at `at`, into `itemValue`; returns where the next item starts.
let itemValue = 0;

function integer(bytes, at) {
  at = head(bytes, at);
  itemValue = itemMajor === 1 ? -1 - itemLength : itemLength;
  return at;
}

const text = new TextDecoder();

function read(bytes, at) {
  const start = head(bytes, at);
  const [kind, size] = [itemMajor, itemLength];
  if (kind === 0) return [size, start];
  if (kind === 1) return [-1 - size, start];
  if (kind === 2) return [bytes.subarray(start, start + size), start + size];
  if (kind === 3) return [text.decode(bytes.subarray(start, start + size)), start + size];
  if (kind !== 4) throw new Error("unexpected CBOR");
  const list = new Array(size);
  at = start;
  for (let i = 0; i < size; i++) [list[i], at] = read(bytes, at);
  return [list, at];
}

function skip(bytes, at) {
  at = head(bytes, at);
  if (itemMajor === 2 || itemMajor === 3) return at + itemLength;
  if (itemMajor !== 4) return at;
  for (let i = 0, count = itemLength; i < count; i++) at = skip(bytes, at);
  return at;
}

export const cbor = (bytes) => read(bytes, 0)[0];

// --- One shard -----------------------------------------------------------------------------

export class Shard {
  // `meta`: the shard's decoded .pf_meta; `order`: each of its pages' place in URL order among all the site's pages.
  constructor(meta, order) {
    this.pages = meta[1].map(([hash, words]) => ({ hash, words }));
    this.fields = meta[5];
    this.fieldOrder = this.fields.map((_, number) => number).sort((x, y) => byBytes(this.fields[x], this.fields[y]));
    this.fieldRank = this.fieldOrder.reduce((ranks, field, rank) => ((ranks[field] = rank), ranks), []);
    this.order = order;
    this.words = new Map(); // word → where its entry starts in a chunk, then, once read, its spellings
    this.sorted = null;
  }

  // An index chunk: [[word, pages, spellings], …]. Only the words are read now; a word's pages
  // when a query needs it (a chunk holds every page of thousands of words).
  addChunk(bytes) {
    let at = head(bytes, head(bytes, 0)); // the chunk: [words]
    for (let i = 0, count = itemLength; i < count; i++) {
      const [word, pages] = read(bytes, head(bytes, at)); // [word, pages, spellings]
      at = skip(bytes, skip(bytes, pages));
      this.words.set(word, { bytes, at: pages });
    }
    this.sorted = null;
  }

  // The word's spellings: [[form, Map(page → where its locations start in `bytes`)], …], the
  // unaccented form first.
  spellings(word) {
    const entry = this.words.get(word);
    if (!entry || entry.read) return entry?.read;
    const { bytes } = entry;
    let at = entry.at;
    const found = [[word, null]];
    [found[0][1], at] = postings(bytes, at);
    at = head(bytes, at); // [[form, pages], …]
    for (let i = 0, count = itemLength; i < count; i++) {
      const [form, start] = read(bytes, head(bytes, at));
      let pages;
      [pages, at] = postings(bytes, start);
      found.push([form, pages]);
    }
    entry.read = found;
    return found;
  }

  // The words that start with `term` (Pagefind's extensions), in its order; or, without any,
  // the longest known word that starts `term` (marked as such).
  extensions(term) {
    this.sorted ||= [...this.words.keys()].sort(byBytes);
    let low = 0, high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (byBytes(this.sorted[middle], term) < 0) low = middle + 1;
      else high = middle;
    }
    const found = [];
    for (let i = low; i < this.sorted.length && this.sorted[i].startsWith(term); i++) found.push(this.sorted[i]);
    if (found.length) return { words: found, prefix: false };
    let longest = null;
    for (const word of this.sorted) if (term.startsWith(word) && (!longest || word.length > longest.length)) longest = word;
    return { words: longest ? [longest] : [], prefix: true };
  }
}

// [[page step, locations, meta locations], …] at `at`: Map(page → where its locations start), and
// where the list ends.
function postings(bytes, at) {
  const pages = new Map();
  let page = 0;
  at = head(bytes, at);
  for (let i = 0, count = itemLength; i < count; i++) {
    at = integer(bytes, head(bytes, at));
    page += itemValue;
    pages.set(page, at);
    at = skip(bytes, skip(bytes, at));
  }
  return [pages, at];
}

// --- Pagefind's scoring --------------------------------------------------------------------

// Pagefind's query words: its search() lowers the case and drops punctuation, then strips the
// marks for matching (the words with marks decide the diacritic bonus).
const graphemes = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("vi", { granularity: "grapheme" }) : null;

export function queryWords(query, keep = []) {
  let kept = "";
  for (const grapheme of graphemes ? [...graphemes.segment(query)].map((part) => part.segment) : [...query]) {
    if (keep.includes(grapheme)) kept += grapheme;
    else if (!/^\p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}$/u.test(grapheme)) kept += grapheme.toLocaleLowerCase();
  }
  const original = kept.replace(/\s{2,}/g, " ").trim();
  const plain = original.normalize("NFD").replace(/\p{M}/gu, "");
  return { terms: plain ? plain.split(" ") : [], originals: original.split(" ") };
}

// Single-precision expf and logf as the Rust libm crate computes them (FreeBSD's algorithms):
// Math.exp and Math.log are more exact, and one unit in the last place changes tie order.
const LN2_HI_E = f(6.9314575195e-1), LN2_LO_E = f(1.4286067653e-6), INV_LN2 = f(1.4426950216), P1 = f(1.666662544e-1), P2 = f(-2.7667332906e-3);
const floatView = new DataView(new ArrayBuffer(4));
const bitsOf = (x) => (floatView.setFloat32(0, x), floatView.getUint32(0));
const fromBits = (bits) => (floatView.setUint32(0, bits >>> 0), floatView.getFloat32(0));

export function expf(x) {
  x = f(x);
  const word = bitsOf(x);
  const sign = word >>> 31;
  const magnitude = word & 0x7fffffff;
  let k, hi, lo;
  if (magnitude > 0x3eb17218) {
    k = magnitude > 0x3f851592 ? Math.trunc(f(f(INV_LN2 * x) + (sign ? -0.5 : 0.5))) : 1 - 2 * sign;
    hi = f(x - f(k * LN2_HI_E));
    lo = f(k * LN2_LO_E);
    x = f(hi - lo);
  } else if (magnitude > 0x39000000) {
    k = 0;
    hi = x;
    lo = 0;
  } else {
    return f(1 + x);
  }
  const xx = f(x * x);
  const c = f(x - f(xx * f(P1 + f(xx * P2))));
  const y = f(1 + f(f(f(f(x * c) / f(2 - c)) - lo) + hi));
  return k === 0 ? y : f(y * fromBits((0x7f + k) << 23));
}

const LN2_HI = f(6.9313812256e-1), LN2_LO = f(9.0580006145e-6), LG1 = f(0xaaaaaa / 2 ** 24), LG2 = f(0xccce13 / 2 ** 25), LG3 = f(0x91e9ee / 2 ** 25), LG4 = f(0xf89e26 / 2 ** 26);

export function logf(x) {
  let word = bitsOf(f(x)); // x > 1 here: no zero, negative or subnormal input
  if (word === 0x3f800000) return 0;
  word += 0x3f800000 - 0x3f3504f3;
  const k = (word >>> 23) - 0x7f;
  x = fromBits((word & 0x007fffff) + 0x3f3504f3);
  const r = f(x - 1), s = f(r / f(2 + r)), z = f(s * s), w = f(z * z);
  const sum = f(f(z * f(LG1 + f(w * LG3))) + f(w * f(LG2 + f(w * LG4))));
  const half = f(f(0.5 * r) * r);
  return f(f(f(f(f(s * f(half + sum)) + f(k * LN2_LO)) - half) + r) + f(k * LN2_HI));
}

function idf(total, holding) {
  return logf(f(f(f(f(total - holding) + 0.5) / f(holding + 0.5)) + 1));
}

function lengthBonus(difference, similarity) {
  const base = expf(f(f(-0.5 * f(difference * difference)) / 4));
  return f(expf(f(base * similarity)) / expf(similarity));
}

const diacriticsMatch = (original, form) => form === original || form.startsWith(original) || original.startsWith(form);
const bytes = (text) => new TextEncoder().encode(text).length;

// Pagefind keeps words in byte order (a Rust BTreeMap): code point order, which is JavaScript's
// order too unless a word has a character beyond U+FFFF.
const ASTRAL = /[\uD800-\uDFFF]/;
function byBytes(a, b) {
  if (!ASTRAL.test(a) && !ASTRAL.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
  }
  return x.length - y.length;
}

// The score one index of all `shards` gives each wanted page ([shard number, page number]):
// returns a Map from pageKey(shard, page) to the score.
export const pageKey = (shard, page) => shard * 2 ** 24 + page;

export function scores(shards, query, wanted, weights, keep = []) {
  const { terms, originals } = queryWords(query, keep);
  const total = shards.reduce((sum, shard) => sum + shard.pages.length, 0);
  const averageLength = f(f(shards.reduce((sum, shard) => shard.pages.reduce((words, page) => words + page.words, sum), 0)) / f(total));

  // Per query word: the words one index would match (an extension in any shard, else the longest
  // prefix of all), each word's spellings in one index's order, and how many pages hold any of them.
  const matched = terms.map((term) => {
    const found = shards.map((shard) => shard.extensions(term));
    let words = [...new Set(found.filter((one) => !one.prefix).flatMap((one) => one.words))];
    if (!words.length) {
      const prefixes = found.flatMap((one) => one.words);
      words = prefixes.length ? [prefixes.reduce((a, b) => (b.length > a.length ? b : a))] : [];
    }
    words.sort(byBytes);
    let holding = 0;
    const spellings = words.map((word) => ({ word, bonus: lengthBonus(Math.min(Math.abs(bytes(word) - bytes(term)) + 1, 255), weights.termSimilarity), forms: spellingsInOrder(shards, word) }));
    shards.forEach((shard, number) => {
      const pages = new Set();
      for (const { forms } of spellings) for (const form of forms) for (const page of form.pages[number]?.keys() || []) pages.add(page);
      holding += pages.size;
    });
    return { spellings, idf: idf(total, holding) };
  });
  let queryIdf = f(0);
  for (const term of matched) queryIdf = f(queryIdf + term.idf);

  // Pagefind walks the query words, their words and spellings in this order ("slots"); a word
  // met under two query words has two slots. Words are numbered in byte order.
  const numbers = new Map([...new Set(matched.flatMap((term) => term.spellings.map((one) => one.word)))].sort(byBytes).map((word, number) => [word, number]));
  const slots = matched.flatMap(({ spellings }, term) => spellings.map(({ word, bonus, forms }) => ({ term, word: numbers.get(word), bonus, forms })));
  const diacritic = f(1 + weights.diacriticSimilarity);
  const k1 = weights.termSaturation, b = weights.pageLength, mix = weights.termFrequency;
  const firstSlot = new Int32Array(numbers.size), firstBonus = new Float64Array(numbers.size), weighted = new Int32Array(numbers.size);
  const seen = new Int32Array(terms.length);
  let keys = new Float64Array(256), slotOf = new Int32Array(256), strengthOf = new Int32Array(256);
  let metaKeys = new Float64Array(64), metaIdfs = new Float64Array(64);
  const STEP = 2 ** 24; // a location's sort key: its position, then the order Pagefind met it in

  const result = new Map();
  for (const [number, page] of wanted) {
    const shard = shards[number];
    firstSlot.fill(-1);
    weighted.fill(0);
    let count = 0, metas = 0;
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index];
      for (const form of slot.forms) {
        let at = form.pages[number]?.get(page);
        if (at === undefined) continue;
        const bytes = form.bytes[number];
        if (firstSlot[slot.word] < 0) {
          firstSlot[slot.word] = index;
          firstBonus[slot.word] = diacriticsMatch(originals[slot.term] ?? "", form.form) ? diacritic : 1;
        }
        // Locations: a negative number sets the weight of those after it (the first of them
        // absolute), the others are steps from the previous one.
        let strength = 25, absolute = false, last = 0;
        at = head(bytes, at);
        for (let i = 0, values = itemLength; i < values; i++) {
          at = integer(bytes, at);
          if (itemValue < 0) {
            strength = Math.min(-itemValue - 1, 255);
            absolute = true;
            continue;
          }
          last = absolute ? itemValue : last + itemValue;
          absolute = false;
          if (count === keys.length) [keys, slotOf, strengthOf] = [grown(keys), grown(slotOf), grown(strengthOf)];
          keys[count] = last * STEP + count;
          slotOf[count] = index;
          strengthOf[count++] = strength;
        }
        // Meta locations: a negative number names the field (-1 - field) of the positions after it.
        at = head(bytes, at);
        for (let i = 0, values = itemLength; i < values; i++) {
          at = integer(bytes, at);
          if (itemValue >= 0) continue;
          if (metas === metaKeys.length) [metaKeys, metaIdfs] = [grown(metaKeys), grown(metaIdfs)];
          metaKeys[metas] = shard.fieldRank[-itemValue - 1] * STEP + slot.word; // by field name, then word
          metaIdfs[metas++] = matched[slot.term].idf; // a later query word's idf replaces an earlier one's
        }
      }
    }
    // Positions matched by several query words (parts of a joined word) weigh more: each query
    // word counts the first location it has there.
    const sorted = keys.subarray(0, count).sort();
    for (let i = 0; i < count; ) {
      const position = Math.floor(sorted[i] / STEP);
      let j = i, found = 0, lightest = 255;
      seen.fill(-1);
      for (; j < count && Math.floor(sorted[j] / STEP) === position; j++) {
        const met = sorted[j] % STEP;
        const term = slots[slotOf[met]].term;
        if (seen[term] >= 0) continue;
        seen[term] = met;
        found++;
        lightest = Math.min(lightest, strengthOf[met]);
      }
      const strength = found > 1 ? Math.min(lightest * found, 255) : lightest;
      for (const met of seen) if (met >= 0) weighted[slots[slotOf[met]].word] += strength;
      i = j;
    }
    const words = f(shard.pages[page].words);
    let score = f(0);
    for (let word = 0; word < weighted.length; word++) {
      if (!weighted[word]) continue;
      const slot = slots[firstSlot[word]];
      const frequency = f(f(f(weighted[word]) / 24) * slot.bonus);
      const saturated = f(f(f(k1 + 1) * frequency) / f(f(k1 * f(f(1 - b) + f(b * f(words / averageLength)))) + frequency));
      const raw = Math.min(f(frequency / f(averageLength / 5)), f(k1 + 1));
      const termFrequency = f(f(f(1 - mix) * raw) + f(mix * saturated));
      score = f(score + f(f(matched[slot.term].idf * termFrequency) * firstBonus[word]));
    }
    // The metadata boost: per field, the idfs of the query's words found in it.
    let boost = f(0);
    const order = [...Array(metas).keys()].sort((x, y) => metaKeys[x] - metaKeys[y] || x - y);
    for (let i = 0; i < order.length && queryIdf > 0; ) {
      const rank = Math.floor(metaKeys[order[i]] / STEP);
      let idfs = f(0);
      for (; i < order.length && Math.floor(metaKeys[order[i]] / STEP) === rank; i++) {
        const key = metaKeys[order[i]];
        while (i + 1 < order.length && metaKeys[order[i + 1]] === key) i++; // the same word again: its last idf
        idfs = f(idfs + metaIdfs[order[i]]);
      }
      const coverage = f(idfs / queryIdf);
      boost = f(boost + f(f(f((weights.metaWeights[shard.fields[shard.fieldOrder[rank]]] ?? f(1)) * idfs) * coverage) * coverage));
    }
    result.set(pageKey(number, page), f(score + boost));
  }
  return result;
}

function grown(array) {
  const larger = new array.constructor(array.length * 2);
  larger.set(array);
  return larger;
}

// A word's spellings across the shards: the one without marks first, then the accented ones in
// code point order, as every index lists them (search.py sorts them).
function spellingsInOrder(shards, word) {
  const forms = new Map(); // form → { form, pages: [Map per shard], bytes: [per shard] }
  shards.forEach((shard, number) => {
    const spellings = shard.spellings(word);
    if (!spellings) return;
    for (const [form, pages] of spellings) {
      if (!forms.has(form)) forms.set(form, { form, pages: [], bytes: [] });
      const entry = forms.get(form);
      entry.pages[number] = pages;
      entry.bytes[number] = shard.words.get(word).bytes;
    }
  });
  const plain = forms.get(word);
  const accented = [...forms.values()].filter((entry) => entry.form !== word).sort((a, b) => byBytes(a.form, b.form));
  return plain ? [plain, ...accented] : accented;
}

// --- The search page's use ------------------------------------------------------------------

// `recorder`: recordIndexFiles(bundle); `listing`: shards.json; `bundle`: the primary bundle's
// path; `given`: the ranking weights given to Pagefind. Returns rank(query, results): the results
// Pagefind found for `query`, in the order one index of the whole site would list them.
export function ranking(recorder, listing, bundle, given) {
  const weights = rankingWeights(given);
  const paths = ["", ...listing.shards.map((shard) => shard.path)]; // shards.json's order: the order of `pages`
  const bases = paths.map((path) => new URL(path, new URL(bundle, location.href)).pathname);
  const shards = [];
  const owners = new Map(); // page hash → [[shard, page], …]
  const added = new Set();
  let keep = [];
  let ready = null;

  async function setUp() {
    const files = [...recorder.files.entries()];
    const entry = files.find(([path]) => path === `${bundle}pagefind-entry.json`);
    if (entry) keep = JSON.parse(new TextDecoder().decode(await entry[1])).include_characters || [];
    for (const [number, base] of bases.entries()) {
      const meta = files.find(([path]) => path.startsWith(base) && /^pagefind\.[^/]+\.pf_meta$/.test(path.slice(base.length)));
      const places = (listing.pages || [])[number];
      if (!meta || places === undefined) throw new Error("an index file was not seen");
      let place = 0;
      shards.push(new Shard(cbor(await meta[1]), places.split(",").map((step) => (place += parseInt(step, 36)))));
    }
    shards.forEach((shard, number) => shard.pages.forEach(({ hash }, page) => owners.set(hash, [...(owners.get(hash) || []), [number, page]])));
  }

  async function addChunks() {
    for (const [path, contents] of [...recorder.files.entries()]) {
      if (added.has(path) || !path.endsWith(".pf_index")) continue;
      added.add(path);
      const number = bases.findIndex((base) => path.startsWith(base) && /^index\/[^/]+$/.test(path.slice(base.length)));
      if (number >= 0) shards[number].addChunk(await contents);
    }
  }

  return async function rank(query, results) {
    try {
      ready ||= setUp();
      await ready;
      await addChunks();
      const keys = results.map((result) => owners.get(result.id) || [null]);
      for (const [index, found] of keys.entries()) if (found.length > 1) keys[index] = [await locate(results[index], found, query)];
      const wanted = keys.map((found) => found[0]).filter(Boolean);
      const score = scores(shards, query, wanted, weights, keep);
      const ranked = results.map((result, index) => ({ result, index, key: keys[index][0] }));
      const value = (entry) => (entry.key ? score.get(pageKey(...entry.key)) : -Infinity);
      const place = (entry) => (entry.key ? shards[entry.key[0]].order[entry.key[1]] : entry.index); // URL order
      ranked.sort((a, b) => value(b) - value(a) || place(a) - place(b));
      return ranked.map((entry) => entry.result);
    } catch {
      return results; // the shards' own order: the same pages, near-equal ones perhaps in another order
    }
  };

  // Pagefind names a page by a short hash of its contents, which two shards may both use: the
  // result's page is then the one that holds the query's words, else the one at its address.
  async function locate(result, candidates, query) {
    const { terms } = queryWords(query, keep);
    const holding = candidates.filter(([number, page]) => terms.every((term) => shards[number].extensions(term).words.some((word) => shards[number].spellings(word).some(([, pages]) => pages.has(page)))));
    if (holding.length === 1) return holding[0];
    const address = (await result.data()).raw_url;
    for (const [number, page] of holding.length ? holding : candidates) {
      const response = await fetch(`${bases[number]}fragment/${result.id}.pf_fragment`);
      const fragment = JSON.parse(new TextDecoder().decode(await unpack(new Uint8Array(await response.arrayBuffer()))));
      if (fragment.url === address) return [number, page];
    }
    return null;
  }
}
