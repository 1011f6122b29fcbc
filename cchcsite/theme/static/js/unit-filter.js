// The unit list's name search: hides the units whose name (or old name before the merger) does
// not contain what was typed, marks and case folded ("cho long" finds "UBND xã Chơ Long").
// Without JavaScript the box stays hidden and the whole list is on the page.
const box = document.querySelector("[data-unit-search]");
if (box) {
  const input = box.querySelector("input");
  const status = box.querySelector("[role=status]");
  const none = document.querySelector("[data-unit-none]");
  const items = [...document.querySelectorAll("[data-unit-names]")];
  const sections = [...document.querySelectorAll("section")].filter((s) => s.querySelector("[data-unit-names]"));
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  const apply = () => {
    const wanted = fold(input.value);
    let shown = 0;
    for (const item of items) {
      const match = !wanted || item.dataset.unitNames.includes(wanted);
      item.hidden = !match;
      shown += match ? 1 : 0;
    }
    for (const section of sections) section.hidden = !section.querySelector("[data-unit-names]:not([hidden])");
    if (none) none.hidden = shown > 0;
    status.textContent = wanted ? `${shown} đơn vị có tên phù hợp` : "";
  };
  box.hidden = false;
  input.addEventListener("input", apply);
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    apply();
  }
}
