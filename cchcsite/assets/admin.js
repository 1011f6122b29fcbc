// /admin/admin.js, the only script of ours on the Decap CMS page (its policy allows no inline script).
// - Text typed with a decomposed-accent keyboard (Unikey "Unicode tổ hợp") or pasted from macOS
//   reaches Decap as NFD, which its slug rule cannot fold; titles and text become NFC before Decap
//   makes the file name (the build normalises on read anyway).
// - A folder collection lists every `.md` in its folder, so the list's `_index.md` (title and
//   introduction of the list page, edited in "Giới thiệu các chuyên mục") would show as a news
//   item and be saved with a news item's fields. Decap can filter entries only by a field's exact
//   value, so each backend's listing is wrapped to leave `_index.md` out.
// - Without the bundle (`window.CMS` undefined) the page says why instead of a blank screen.
// It runs before the bundle and asks it not to start by itself: Decap may read its config and
// create the backend while a later script is still downloading, before the wrapping is in place.
window.CMS_MANUAL_INIT = true;
document.addEventListener("DOMContentLoaded", function () {
  if (!window.CMS) {
    document.getElementById("cms-missing").hidden = false;
    return;
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      return data.map(function (value) {
        return typeof value === "string" ? value.normalize("NFC") : value;
      });
    },
  });
  var INTRO = /(^|\/)_index\.md$/;
  function withoutIntros(entries) {
    if (!Array.isArray(entries)) return entries;
    var kept = entries.filter(function (entry) {
      return !(entry && entry.file && INTRO.test(entry.file.path));
    });
    Object.getOwnPropertySymbols(entries).forEach(function (key) {
      kept[key] = entries[key];  // the listing's cursor (next pages)
    });
    return kept;
  }
  ["test-repo", "github", "gitlab", "gitea"].forEach(function (name) {
    var backend = CMS.getBackend(name);
    if (!backend) return;
    var init = backend.init;
    backend.init = function () {
      var implementation = init.apply(this, arguments);
      ["entriesByFolder", "allEntriesByFolder"].forEach(function (method) {
        var list = implementation[method];
        if (typeof list !== "function") return;
        implementation[method] = function () {
          return Promise.resolve(list.apply(implementation, arguments)).then(withoutIntros);
        };
      });
      return implementation;
    };
  });
  CMS.init();
});
