// cchcsite serve: reload the page after a rebuild; show content errors over the page.
// Injected only by the dev server, never written into the built site.
(function () {
  "use strict";
  var overlay = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(lines) {
    hide();
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.id = "cchcsite-loi";
    var s = overlay.style;  // CSSOM styles are allowed under the site's CSP (no inline style attribute)
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    s.background = "rgba(20, 20, 20, 0.94)"; s.color = "#fff"; s.padding = "1.5rem"; s.font = "16px/1.5 system-ui, sans-serif";
    var title = document.createElement("h2");
    title.textContent = "Nội dung có lỗi — trang chưa được dựng lại";
    var hint = document.createElement("p");
    hint.textContent = "Sửa các dòng dưới đây rồi lưu tệp; trang sẽ tự tải lại.";
    var list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap"; list.style.color = "#ffdd00";
    list.textContent = lines.join("\n");
    overlay.append(title, hint, list);
    document.body.append(overlay);
  }
  var served = document.documentElement.dataset.cchcsiteGeneration;  // updates after this one are news to this page
  var events = new EventSource("/__cchcsite/events" + (served ? "?after=" + served : ""));
  // Marks the page once the server can reach it (tests wait on it instead of sleeping).
  events.addEventListener("open", function () { document.documentElement.dataset.cchcsiteLive = "open"; });
  // Once: the search index's update can follow the pages' within milliseconds, and a second
  // reload would abort the first (the page it loads asks for any later update itself).
  function reload() { events.close(); location.reload(); }
  events.addEventListener("reload", reload);
  // the search index is rebuilt just after the pages: a search page shows the new results
  events.addEventListener("search", function () { if (document.querySelector("[data-search-status]")) reload(); });
  events.addEventListener("problems", function (event) { show(JSON.parse(event.data)); });
  events.addEventListener("clear", hide);
})();
