// Every page with a search box: when the box gets focus, the files the search page needs are
// prefetched while the citizen types. One at a time, smallest first: on a slow link, files
// fetched together share the bandwidth and none of them would be complete when Enter is pressed.
// The search page names its own files in its <head> (see search.html).
let warmed = false;

function prefetch(href) {
  return new Promise((done) => {
    const link = document.createElement("link");
    link.rel = "prefetch";
    link.href = href;
    if (/\/pagefind\//.test(href)) link.crossOrigin = "anonymous"; // as the search page fetches them
    link.onload = link.onerror = done;
    document.head.append(link);
  });
}

async function warm(form) {
  if (warmed) return;
  warmed = true;
  const page = new URL(form.getAttribute("action"), location.href);
  if (page.pathname === location.pathname) return; // the search page loads them itself
  try {
    const head = fetch(page, { credentials: "same-origin" }).then((response) => response.text());
    const bundle = new URL("../pagefind/", page);
    const first = prefetch(new URL("pagefind.js", bundle).href).then(() => prefetch(new URL("wasm.unknown.pagefind", bundle).href));
    const parsed = new DOMParser().parseFromString(await head, "text/html");
    const wanted = 'link[rel="preload"], link[rel="modulepreload"], script[type="module"][src]';
    const hinted = [...parsed.querySelectorAll("template")].flatMap((template) => [...template.content.querySelectorAll(wanted)]);
    const named = [...parsed.querySelectorAll(wanted), ...hinted]
      .map((node) => new URL(node.getAttribute("href") || node.getAttribute("src"), page).href)
      .filter((href) => !/\/pagefind\.js$|\/wasm\./.test(href));
    const big = (href) => /\/index\//.test(href);
    await Promise.all(named.filter((href) => !big(href)).map(prefetch)); // small: together, one round trip
    await first;
    for (const href of named.filter(big)) await prefetch(href);
  } catch {
    // offline or blocked: the search page loads everything itself
  }
}

for (const input of document.querySelectorAll('form[role="search"] input[name="q"]')) {
  input.addEventListener("focus", () => warm(input.form), { once: true });
}
