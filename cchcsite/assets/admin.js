// /admin/admin.js, the only script of ours on the Decap CMS page (its policy allows no inline script).
// - Text typed with a decomposed-accent keyboard (Unikey "Unicode tổ hợp") or pasted from macOS
//   reaches Decap as NFD, which its slug rule cannot fold; titles and text become NFC before Decap
//   makes the file name (the build normalises on read anyway).
// - What the build refuses must not be saved: a field that needs another (an image without its
//   description, `image` → `image_alt`; rules.json, generated from the same declarations the build
//   checks) stops the save with the reason. Decap's own `required` and `pattern` do the rest.
// - A folder collection lists every `.md` in its folder, so the list's `_index.md` (title and
//   introduction of the list page, edited in "Giới thiệu các chuyên mục") would show as a news
//   item and be saved with a news item's fields. Decap can filter entries only by a field's exact
//   value, so each backend's listing is wrapped to leave `_index.md` out.
// - The preview is drawn with the site's own stylesheet (the one its home page links), articles
//   laid out as the site lays them out.
// - Under `cchcsite serve` with `backend: test-repo`, the site's content is what the in-browser
//   repository starts with, so the existing entries show.
// - The Markdown editor opens in its Markdown mode, so Markdown typed is kept as typed.
// - Decap's Vietnamese phrases leave some buttons in English ("Add", "Bold"): completed here.
// - Without the bundle (`window.CMS` undefined) the page says why instead of a blank screen.
// It runs before the bundle and asks it not to start by itself: Decap may read its config and
// create the backend while a later script is still downloading, before the wrapping is in place.
window.CMS_MANUAL_INIT = true;

var PHRASES = {
  collection: {
    collectionTop: { viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới", groupBy: "Nhóm theo" },
    entries: { unpublishedHeader: "Bài chưa đăng" },
    groups: { other: "Khác", negateLabel: "Không %{label}" },
  },
  editor: {
    editorControl: { field: { widgetLabel: "Trường %{widgetLabel}" } },
    editorInterface: { togglePreview: "Bật/tắt xem trước", toggleScrollSync: "Cuộn đồng thời" },
    editorToolbar: {
      statusInfoTooltipDraft: "Bài đang là bản nháp. Khi xong, chuyển sang “Chờ duyệt” để gửi duyệt",
      statusInfoTooltipInReview: "Bài đang chờ duyệt; vẫn có thể sửa tiếp trong lúc chờ",
    },
    editorWidgets: {
      markdown: {
        bold: "Chữ đậm",
        italic: "Chữ nghiêng",
        strikethrough: "Gạch ngang",
        code: "Mã",
        link: "Liên kết",
        linkPrompt: "Nhập địa chỉ của liên kết",
        headings: "Tiêu đề mục",
        quote: "Trích dẫn",
        bulletedList: "Danh sách gạch đầu dòng",
        numberedList: "Danh sách đánh số",
        addComponent: "Chèn thành phần",
        toggleMode: { rich: "Chuyển sang soạn có định dạng", markdown: "Chuyển sang soạn Markdown" },
      },
      image: {
        chooseMultiple: "Chọn ảnh",
        chooseUrl: "Chèn từ địa chỉ web",
        replaceUrl: "Thay bằng địa chỉ web",
        promptUrl: "Nhập địa chỉ của ảnh",
        addMore: "Thêm ảnh",
        removeAll: "Bỏ hết ảnh",
      },
      file: {
        chooseUrl: "Chèn từ địa chỉ web",
        chooseMultiple: "Chọn tệp",
        replaceUrl: "Thay bằng địa chỉ web",
        promptUrl: "Nhập địa chỉ của tệp",
        addMore: "Thêm tệp",
        removeAll: "Bỏ hết tệp",
      },
      datetime: { setToNow: "Đặt %{fieldLabel} là lúc này" },
      list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
      object: { expand: "Mở rộng", collapse: "Thu gọn" },
    },
  },
  mediaLibrary: {
    mediaLibraryCard: { copy: "Chép", copyUrl: "Chép địa chỉ", copyPath: "Chép đường dẫn", copyName: "Chép tên", copied: "Đã chép" },
    mediaLibraryModal: { close: "Đóng" },
  },
  ui: { settingsDropdown: { account: "Tài khoản" } },
};

function completed(phrases, missing) {
  Object.keys(missing).forEach(function (key) {
    if (typeof missing[key] === "object") {
      phrases[key] = completed(phrases[key] || {}, missing[key]);
    } else if (phrases[key] === undefined) {
      phrases[key] = missing[key];
    }
  });
  return phrases;
}

function fetchJson(url) {
  return fetch(url, { cache: "no-store" }).then(function (response) {
    return response.ok ? response.json() : null;
  });
}

// test-repo lists a collection by looking its folder up as one whole key (`content/tin-tuc`):
// each folder of the tree is reachable under its full path too, the same object.
function withFolderKeys(tree) {
  function walk(node, path) {
    Object.keys(node).forEach(function (name) {
      var child = node[name];
      if (child && typeof child === "object" && typeof child.content !== "string") {
        var full = path ? path + "/" + name : name;
        tree[full] = child;
        walk(child, full);
      }
    });
  }
  walk(tree, "");
  return tree;
}

function siteStylesheets() {
  var home = new URL("../", window.location.href);
  return fetch(home, { cache: "no-store" })
    .then(function (response) {
      return response.ok ? response.text() : "";
    })
    .then(function (text) {
      var page = new DOMParser().parseFromString(text, "text/html");
      return Array.prototype.map.call(page.querySelectorAll('link[rel="stylesheet"]'), function (link) {
        return new URL(link.getAttribute("href"), home).href;
      });
    });
}

function articlePreview() {
  return createClass({
    render: function () {
      var data = this.props.entry.get("data");
      return h(
        "main",
        { className: "container site-main" },
        h(
          "article",
          { className: "article" },
          h("h1", {}, data.get("title")),
          data.get("summary") ? h("p", { className: "summary" }, data.get("summary")) : null,
          h("div", { className: "prose" }, this.props.widgetFor("body"))
        )
      );
    },
  });
}

// Decap opens its Markdown editor in the mode last chosen in this browser, else rich text, which
// escapes what is typed as Markdown (`**đậm**` saved as `\*\*đậm\*\*`). Until the officer
// chooses otherwise, it opens in Markdown mode: what is typed is what is saved.
var EDITOR_MODE = "cms.md-mode";

function startCms(rules, styles, repo) {
  if (repo) window.repoFiles = withFolderKeys(repo);
  try {
    if (!window.localStorage.getItem(EDITOR_MODE)) window.localStorage.setItem(EDITOR_MODE, "raw");
  } catch (blocked) {
    // storage refused (a private window's policy): Decap starts in rich text, the toggle still works
  }
  CMS.registerLocale("vi", completed(CMS.getLocale("vi") || {}, PHRASES));
  (styles || []).forEach(function (url) {
    CMS.registerPreviewStyle(url);
  });
  var collections = (rules && rules.collections) || {};
  Object.keys(collections).forEach(function (name) {
    if (collections[name].article) CMS.registerPreviewTemplate(name, articlePreview());
  });
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data").map(function (value) {
        return typeof value === "string" ? value.normalize("NFC") : value;
      });
      var rule = collections[entry.get("collection")];
      (rule ? rule.needs : []).forEach(function (need) {
        var given = data.get(need[0]);
        var needed = data.get(need[1]);
        if (given && !(typeof needed === "string" ? needed.trim() : needed)) {
          throw new Error(need[2]);  // Decap keeps the entry unsaved and shows this on the page
        }
      });
      return data;
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
}

document.addEventListener("DOMContentLoaded", function () {
  if (!window.CMS) {
    document.getElementById("cms-missing").hidden = false;
    return;
  }
  var link = document.querySelector('link[rel="cms-rules"]');
  var quiet = function () {
    return null;  // a missing file must not keep the editor from starting
  };
  var rules = link ? fetchJson(link.href).catch(quiet) : Promise.resolve(null);
  var styles = siteStylesheets().catch(quiet);
  var repo = rules.then(function (found) {
    return found && found.test_repo ? fetchJson("/__cchcsite/repo-files.json").catch(quiet) : null;
  });
  Promise.all([rules, styles, repo]).then(function (ready) {
    startCms(ready[0], ready[1], ready[2]);
  });
});
