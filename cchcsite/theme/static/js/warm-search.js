// Every page with a search box: when the box gets focus, the search page and the Pagefind files
// it preloads (named in its <head>, see search.html) are fetched in the background as prefetches,
// while the citizen types. On a slow link the search page then finds most of them in the cache.
let warmed = false;

function prefetch(href) {
  const link = document.createElement("link");
  link.rel = "prefetch";
  link.href = href;
  if (/\/pagefind\//.test(href)) link.crossOrigin = "anonymous"; // as the search page fetches them
  document.head.append(link);
}

async function warm(form) {
  if (warmed) return;
  warmed = true;
  const page = new URL(form.getAttribute("action"), location.href);
  if (page.pathname === location.pathname) return; // the search page loads them itself
  try {
    const response = await fetch(page, { credentials: "same-origin" });
    const head = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const link of head.querySelectorAll('link[rel="preload"], link[rel="modulepreload"]')) {
      prefetch(new URL(link.getAttribute("href"), page).href);
    }
  } catch {
    // offline or blocked: the search page loads everything itself
  }
}

for (const input of document.querySelectorAll('form[role="search"] input[name="q"]')) {
  input.addEventListener("focus", () => warm(input.form), { once: true });
}
