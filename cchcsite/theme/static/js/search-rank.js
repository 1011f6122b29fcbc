// Ranking for a site whose search index is split into shards (cchcsite/search.py, "Shards"):
// each shard's Pagefind scores its pages with its own statistics (how many pages it has, how
// long they are, how many of them hold each word), so pages of nearly equal score would change
// places against one index of the whole site. This module gives every result the score one
// Pagefind 1.5.2 index of the whole site would give it, from the index files Pagefind has
// downloaded anyway, and search.js orders the results by it. A site with one index never loads it.
//
// The score is Pagefind's own (pagefind_web/src/search.rs, `search_term`), computed in single
// precision like its WebAssembly does, with the site's statistics: BM25 per word (idf from
// the pages holding any word that starts with the query word), length and diacritic bonuses,
// and the metadata boost. Two more things depend on the whole index and are taken from the
// build (shards.json): the order of the pages, which decides the order of a word's accented
// spellings (a page counts the first spelling it holds) and the order of equal scores.

const f = Math.fround;

// Pagefind's ranking weights: the search page's RANKING (search.js), the others Pagefind's defaults.
export const WEIGHTS = { termSimilarity: f(1.0), pageLength: f(0.2), termSaturation: f(1.4), termFrequency: f(0.5), diacriticSimilarity: f(0.8), metaWeights: { title: f(5.0) } };

// --- The files Pagefind downloads --------------------------------------------------------

// Keeps a copy of every metadata and index chunk file Pagefind fetches below `bundle` (a path),
// so the ranking reads them without a second download. Installed before Pagefind starts.
export function recordIndexFiles(bundle) {
  const files = new Map(); // path → Promise<Uint8Array> (the file's contents, decompressed)
  const fetched = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    const response = fetched.call(this, input, init);
    const path = new URL(typeof input === "string" ? input : input.url, location.href).pathname;
    if (path.startsWith(bundle) && /\.pf_(meta|index)$|pagefind-entry\.json$/.test(path)) {
      files.set(path, response.then((answer) => answer.clone().arrayBuffer()).then((buffer) => (path.endsWith(".json") ? buffer : unpack(new Uint8Array(buffer)))));
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

// The CBOR Pagefind writes: integers, strings, byte strings, arrays.
export function cbor(bytes) {
  const text = new TextDecoder();
  let at = 0;
  function item() {
    const head = bytes[at++];
    const major = head >> 5;
    let length = head & 31;
    if (length >= 24) {
      const size = 1 << (length - 24);
      length = 0;
      for (let i = 0; i < size; i++) length = length * 256 + bytes[at++];
    }
    if (major === 0) return length;
    if (major === 1) return -1 - length;
    if (major === 2 || major === 3) {
      const part = bytes.subarray(at, (at += length));
      return major === 3 ? text.decode(part) : part;
    }
    if (major === 4) {
      const list = new Array(length);
      for (let i = 0; i < length; i++) list[i] = item();
      return list;
    }
    throw new Error("unexpected CBOR");
  }
  return item();
}

// --- One shard -----------------------------------------------------------------------------

export class Shard {
  // `meta`: the shard's decoded .pf_meta; `order`: each of its pages' place in the whole site's page order.
  constructor(meta, order) {
    this.pages = meta[1].map(([hash, words]) => ({ hash, words }));
    this.fields = meta[5];
    this.order = order;
    this.words = new Map(); // word → [[form, Map(page → [locations, meta locations])], …], the unaccented form first
    this.sorted = null;
  }

  addChunk(chunk) {
    for (const [word, pages, variants] of chunk[0]) {
      this.words.set(word, [[word, postings(pages)], ...variants.map(([form, list]) => [form, postings(list)])]);
    }
    this.sorted = null;
  }

  // The words that start with `term` (Pagefind's extensions), in its order; or, without any,
  // the longest known word that starts `term` (marked as such).
  extensions(term) {
    this.sorted ||= [...this.words.keys()].sort(byBytes);
    const found = this.sorted.filter((word) => word.startsWith(term));
    if (found.length) return { words: found, prefix: false };
    let longest = null;
    for (const word of this.sorted) if (term.startsWith(word) && (!longest || word.length > longest.length)) longest = word;
    return { words: longest ? [longest] : [], prefix: true };
  }
}

function postings(list) {
  const pages = new Map();
  let page = 0;
  for (const [delta, locations, meta] of list) {
    page += delta;
    pages.set(page, [locations, meta]);
  }
  return pages;
}

// Word positions as Pagefind packs them: a negative number sets the weight of the positions
// after it (the first of them absolute), the others are steps from the previous one.
function positions(packed) {
  const found = [];
  let weight = 25;
  let absolute = false;
  let last = 0;
  for (const value of packed) {
    if (value < 0) {
      weight = Math.min(-value - 1, 255);
      absolute = true;
    } else {
      last = absolute ? value : last + value;
      absolute = false;
      found.push([weight, last]);
    }
  }
  return found;
}

// Metadata positions: a negative number names the field (-1 - field) of the positions after it.
function metaFields(packed) {
  const fields = [];
  for (const value of packed) if (value < 0) fields.push(-value - 1);
  return fields;
}

// --- Pagefind's scoring --------------------------------------------------------------------

// Pagefind's query words: its search() lowers the case and drops punctuation, then strips the
// marks for matching (the words with marks decide the diacritic bonus).
export function queryWords(query, keep = []) {
  let kept = "";
  const graphemes = typeof Intl.Segmenter === "function" ? [...new Intl.Segmenter("vi", { granularity: "grapheme" }).segment(query)].map((part) => part.segment) : [...query];
  for (const grapheme of graphemes) {
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

function lengthBonus(difference) {
  const base = expf(f(f(-0.5 * f(difference * difference)) / 4));
  return f(expf(f(base * WEIGHTS.termSimilarity)) / expf(WEIGHTS.termSimilarity));
}

const diacriticsMatch = (original, form) => form === original || form.startsWith(original) || original.startsWith(form);
const bytes = (text) => new TextEncoder().encode(text).length;

// Pagefind keeps words in byte order (a Rust BTreeMap): code point order.
function byBytes(a, b) {
  if (a === b) return 0;
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
  }
  return x.length - y.length;
}

// The score one index of all `shards` gives each wanted page ([shard number, page number]):
// returns a Map from `${shard}:${page}` to the score.
export function scores(shards, query, wanted, keep = []) {
  const { terms, originals } = queryWords(query, keep);
  const total = shards.reduce((sum, shard) => sum + shard.pages.length, 0);
  const length = f(f(shards.reduce((sum, shard) => shard.pages.reduce((words, page) => words + page.words, sum), 0)) / f(total));

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
    const spellings = words.map((word) => ({ word, bonus: lengthBonus(Math.min(Math.abs(bytes(word) - bytes(term)) + 1, 255)), forms: spellingsInOrder(shards, word) }));
    shards.forEach((shard, number) => {
      const pages = new Set();
      for (const { forms } of spellings) for (const form of forms) for (const page of form.pages[number]?.keys() || []) pages.add(page);
      holding += pages.size;
    });
    return { spellings, idf: idf(total, holding) };
  });
  let queryIdf = f(0);
  for (const term of matched) queryIdf = f(queryIdf + term.idf);

  const result = new Map();
  for (const [number, page] of wanted) {
    const shard = shards[number];
    const locations = [];
    const first = new Map(); // word → [query word, length bonus, diacritic bonus] of the first spelling holding the page
    const fields = new Map(); // field name → Map(word → idf)
    matched.forEach(({ spellings, idf: weight }, index) => {
      for (const { word, bonus, forms } of spellings) {
        for (const form of forms) {
          const posting = form.pages[number]?.get(page);
          if (!posting) continue;
          if (!first.has(word)) first.set(word, [index, bonus, diacriticsMatch(originals[index] ?? "", form.form) ? f(1 + WEIGHTS.diacriticSimilarity) : f(1)]);
          for (const [strength, position] of positions(posting[0])) locations.push([position, index, word, strength]);
          for (const field of metaFields(posting[1])) {
            const name = shard.fields[field];
            if (!fields.has(name)) fields.set(name, new Map());
            fields.get(name).set(word, weight);
          }
        }
      }
    });
    // Positions matched by several query words (parts of a joined word) weigh more.
    locations.sort((a, b) => a[0] - b[0]);
    const weighted = new Map();
    for (let i = 0; i < locations.length; ) {
      let j = i;
      const seen = new Map();
      for (; j < locations.length && locations[j][0] === locations[i][0]; j++) if (!seen.has(locations[j][1])) seen.set(locations[j][1], locations[j]);
      const lightest = Math.min(...[...seen.values()].map((location) => location[3]));
      const strength = seen.size > 1 ? Math.min(lightest * seen.size, 255) : lightest;
      for (const location of seen.values()) weighted.set(location[2], (weighted.get(location[2]) || 0) + strength);
      i = j;
    }
    const words = f(shard.pages[page].words);
    const k1 = WEIGHTS.termSaturation, b = WEIGHTS.pageLength, mix = WEIGHTS.termFrequency;
    let score = f(0);
    for (const word of [...weighted.keys()].sort(byBytes)) {
      const [index, bonus, diacritic] = first.get(word);
      const frequency = f(f(f(weighted.get(word)) / 24) * bonus);
      const saturated = f(f(f(k1 + 1) * frequency) / f(f(k1 * f(f(1 - b) + f(b * f(words / length)))) + frequency));
      const raw = Math.min(f(frequency / f(length / 5)), f(k1 + 1));
      const termFrequency = f(f(f(1 - mix) * raw) + f(mix * saturated));
      score = f(score + f(f(matched[index].idf * termFrequency) * diacritic));
    }
    let boost = f(0);
    for (const name of [...fields.keys()].sort(byBytes)) {
      let idfs = f(0);
      for (const word of [...fields.get(name).keys()].sort(byBytes)) idfs = f(idfs + fields.get(name).get(word));
      const coverage = f(idfs / queryIdf);
      if (queryIdf > 0) boost = f(boost + f(f(f((WEIGHTS.metaWeights[name] ?? f(1)) * idfs) * coverage) * coverage));
    }
    result.set(`${number}:${page}`, f(score + boost));
  }
  return result;
}

// One index lists a word's accented spellings in the order its pages first hold them.
function spellingsInOrder(shards, word) {
  const forms = new Map(); // form → { form, pages: [Map per shard], first: [place, order] }
  shards.forEach((shard, number) => {
    const spellings = shard.words.get(word);
    if (!spellings) return;
    spellings.forEach(([form, pages], order) => {
      if (!forms.has(form)) forms.set(form, { form, pages: [], first: order === 0 ? [-1, 0] : [Infinity, 0] });
      const entry = forms.get(form);
      entry.pages[number] = pages;
      if (order > 0) {
        let place = Infinity;
        for (const page of pages.keys()) place = Math.min(place, shard.order[page]);
        if (place < entry.first[0] || (place === entry.first[0] && order < entry.first[1])) entry.first = [place, order];
      }
    });
  });
  return [...forms.values()].sort((a, b) => a.first[0] - b.first[0] || a.first[1] - b.first[1]);
}

// --- The search page's use ------------------------------------------------------------------

// `recorder`: recordIndexFiles(bundle); `listing`: shards.json; `bundle`: the primary bundle's
// path. Returns rank(query, results): the results Pagefind found for `query`, in the order one
// index of the whole site would list them.
export function ranking(recorder, listing, bundle) {
  const paths = ["", ...listing.shards.map((shard) => shard.path)]; // shards.json's order: the order of `pages`
  const bases = paths.map((path) => new URL(path, new URL(bundle, location.href)).pathname);
  const shards = [];
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
  }

  async function addChunks() {
    for (const [path, contents] of [...recorder.files.entries()]) {
      if (added.has(path) || !path.endsWith(".pf_index")) continue;
      added.add(path);
      const number = bases.findIndex((base) => path.startsWith(base) && /^index\/[^/]+$/.test(path.slice(base.length)));
      if (number >= 0) shards[number].addChunk(cbor(await contents));
    }
  }

  return async function rank(query, results) {
    try {
      ready ||= setUp();
      await ready;
      await addChunks();
      const keys = await Promise.all(results.map((result) => locate(result, query)));
      const wanted = keys.filter(Boolean);
      const score = scores(shards, query, wanted, keep);
      const ranked = results.map((result, index) => ({ result, index, key: keys[index] }));
      const value = (entry) => (entry.key ? score.get(entry.key.join(":")) : -Infinity);
      const place = (entry) => (entry.key ? shards[entry.key[0]].order[entry.key[1]] : entry.index);
      ranked.sort((a, b) => value(b) - value(a) || place(a) - place(b));
      return ranked.map((entry) => entry.result);
    } catch {
      return results; // the shards' own order: the same pages, near-equal ones perhaps in another order
    }
  };

  // The shard and page of a result. Pagefind names a page by a short hash of its contents, which
  // two shards may both use: then the page that holds the query's words, else the one at the
  // result's address.
  async function locate(result, query) {
    const candidates = [];
    shards.forEach((shard, number) => {
      shard.byHash ||= new Map(shard.pages.map((page, index) => [page.hash, index]));
      if (shard.byHash.has(result.id)) candidates.push([number, shard.byHash.get(result.id)]);
    });
    if (candidates.length < 2) return candidates[0] || null;
    const { terms } = queryWords(query, keep);
    const holding = candidates.filter(([number, page]) => terms.every((term) => shards[number].extensions(term).words.some((word) => shards[number].words.get(word).some(([, pages]) => pages.has(page)))));
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
