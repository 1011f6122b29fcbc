// Keeps cchcsite's build cache (.cchcsite-cache/) and the fetched Decap CMS (.cache/decap-cms, see
// netlify.toml) between Netlify builds, with Netlify's own cache utility: restored before the
// build, saved after a successful one. Only the pages that changed are then built again.
const CACHE = [".cchcsite-cache", ".cache/decap-cms"];

module.exports = {
  async onPreBuild({ utils }) {
    if (await utils.cache.restore(CACHE)) {
      console.log(`cchcsite: đã lấy lại ${CACHE.join(", ")} của lần dựng trước`);
    }
  },
  async onPostBuild({ utils }) {
    if (await utils.cache.save(CACHE)) {
      console.log(`cchcsite: đã lưu ${CACHE.join(", ")} cho lần dựng sau`);
    }
  },
};
