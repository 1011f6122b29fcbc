"""The photo stage: the photos in static/ made ready for phones, between the model and the render.

Officers publish photos straight from their phones: 12 megapixels, 3–4 MB, turned by an EXIF flag,
carrying the GPS position where they were taken, named `IMG_0412.HEIC` or `Ảnh hội nghị (1).JPG`.
For every photo a page shows (Markdown, raw HTML `<img>`, `image:`) this stage makes a few widths
(never wider than the photo) in each configured format (WebP, then the JPEG every phone reads; PNG
instead of JPEG when the photo is transparent), turned upright, converted to sRGB and with no
metadata at all; for each page its share image (1200×630, ≤ 300 KB) from its own photo. A photo
file nothing shows as an image (linked on purpose, an attachment, a form, or named by nothing the
build knows: a theme or another site may use its address) is published at its own address as a
clean copy: the same pixels turned upright, in its own format, nothing else. So no published
photo tells where it was taken, and the 3–4 MB original of a photo that pages show is not
published at all (no citizen's phone needs it; a site of photos stays within a host's size limit).

Each product is kept in a content-addressed store (`.cchcsite-cache/images/`, shared by `build`
and `serve`), keyed by the hash of the photo's bytes and the settings that made it: a build after a
text edit encodes nothing. Encoding runs on the worker processes, one photo per task.

`with_pictures` is the one place where `<img>` tags become `<picture>`: run on every rendered HTML
page, so Markdown bodies (whatever renderer made them), raw HTML and theme templates are treated alike.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import pickle
import posixpath
import re
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import PIL
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from . import vi
from .config import FALLBACK_FORMAT, Images
from .content.checks import Reference, references
from .content.site import Site, static_source
from .errors import Problem, error, warning
from .render.pictures import Photo, Photos, Rendition, is_photo, share_source
from .urls import site_file
from .workers import map_chunks

pillow_heif: ModuleType | None
try:  # wheels for Linux, macOS and Windows on 3.11+; without them, HEIC photos get a message to convert
    import pillow_heif as _pillow_heif
except ImportError:  # pragma: no cover - depends on the platform
    pillow_heif = None
else:
    _pillow_heif.register_heif_opener()
    pillow_heif = _pillow_heif

ENCODER = "1"  # bump when what a product looks like changes: every stored product is made again
PHOTOS_FOLDER = "assets/photos"  # hashed names under /assets/: cached by browsers for a year (netlify.toml)
SHARE_SIZE = (1200, 630)  # what Facebook and Zalo show best
SHARE_BYTES = 300 * 1024
SHARE_NAME = "chia-se.jpg"
CLEAN_QUALITY = 90  # a clean copy stands for the original: kept close to it
LARGE_PIXELS = 25_000_000  # above this (a 50 MP mode, a scan) an officer is told the size
LARGE_BYTES = 12 * 1024 * 1024
BROWSER_FORMATS = (".jpg", ".jpeg", ".jfif", ".png", ".webp", ".avif")  # published as they are named; HEIC is not shown by most browsers
ORIENTATION = 0x0112
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "avif": "avif"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
WIDTHS, SHARE, CLEAN = "widths", "share", "clean"  # the products one photo may need


# --- The store: products by key, written once, read by every later build and by serve ---------------


class ImageStore:
    """Products in `folder/ab/<key>.<name>`, each with `<key>.json` written last (its presence
    says the product is complete), and the hash of every photo file by its stamp (size, times,
    inode), so an unchanged photo is not even read again."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.stamps_file = folder / "stamps.pickle"
        try:
            with open(self.stamps_file, "rb") as file:
                self.stamps: dict[str, tuple[tuple, str]] = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            self.stamps = {}

    def path(self, key: str, name: str) -> Path:
        return self.folder / key[:2] / f"{key}.{name}"

    def meta(self, key: str) -> dict | None:
        try:
            return json.loads(self.path(key, "json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, name: str, save) -> Path:
        """`save(file)` writes the bytes; they reach their name only complete (another build may be reading)."""
        target = self.path(key, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            save(file)
        os.replace(temporary, target)
        return target

    def keep_only(self, keys: set[str]) -> None:
        """Drop every product but these (a photo replaced, settings changed): the store does not outgrow the site."""
        for folder in (f for f in self.folder.iterdir() if f.is_dir()) if self.folder.is_dir() else ():
            for file in folder.iterdir():
                if file.name.split(".", 1)[0] not in keys:
                    file.unlink(missing_ok=True)

    def put_meta(self, key: str, meta: dict) -> None:
        self.put(key, "json", lambda file: file.write(json.dumps(meta).encode()))

    def save_stamps(self, stamps: dict[str, tuple[tuple, str]]) -> None:
        if stamps != self.stamps:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.put_stamps(stamps)

    def put_stamps(self, stamps: dict[str, tuple[tuple, str]]) -> None:
        temporary = self.stamps_file.with_name(f"stamps.{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            pickle.dump(stamps, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.stamps_file)
        self.stamps = stamps


def product_key(digest: str, product: str, images: Images) -> str:
    """What a product depends on: the photo's bytes, the settings that shape it, the encoders."""
    settings = repr((images.widths, images.quality, images.formats)) if product == WIDTHS else ""
    versions = f"{PIL.__version__}/{pillow_heif.__version__ if pillow_heif else '-'}/{ENCODER}"
    return hashlib.sha256(f"{digest}\0{product}\0{settings}\0{versions}".encode()).hexdigest()


def _stamp(path: Path) -> tuple:
    status = path.stat()
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


# --- Planning: which photo needs which products ---------------------------------------------------


@dataclass(frozen=True)
class _Job:
    url: str
    file: str
    digest: str  # "" when the stamp is new: the worker reads and hashes the file
    products: tuple[str, ...]


@dataclass(frozen=True)
class _Need:
    """What one photo file of static/ needs, and who names it (for messages)."""

    url: str
    products: tuple[str, ...]
    refs: tuple[Reference, ...]


def _needs(site: Site) -> list[_Need]:
    by_url: dict[str, list[Reference]] = defaultdict(list)
    for reference in references(site):
        url = site_file(reference.target)
        if url in site.static_files and is_photo(url):
            by_url[url].append(reference)
    shared = {source for page in site.pages.values() if (source := share_source(page))}
    if site.config.brand.og_image:
        shared.add(site_file(site.config.brand.og_image))
    needs = []
    for url in site.static_files:
        if not is_photo(url):
            continue
        refs = by_url.get(url, [])
        products = []
        if any(ref.shows_image for ref in refs):
            products.append(WIDTHS)
        if url in shared:
            products.append(SHARE)
        named_otherwise = any(not ref.shows_image for ref in refs)
        if named_otherwise or (not refs and url.lower().endswith(BROWSER_FORMATS)):
            products.append(CLEAN)
        needs.append(_Need(url, tuple(products), tuple(refs)))
    return needs


# --- The stage --------------------------------------------------------------------------------------


def photo_stage(site: Site, site_dir: Path, store: ImageStore, jobs: int) -> tuple[Photos, list[Problem]]:
    """Make every product the site's photos need (those not in the store yet, on the workers);
    return what pages show and link, and the problems of each photo at every place that names it."""
    images = site.config.images
    needs = _needs(site)
    stamps: dict[str, tuple] = {}  # file → (its stamp, hash of its bytes)
    work: dict[str, _Job] = {}
    made: dict[str, tuple] = {}  # url → what _make_chunk returns for it
    for need in needs:
        if not need.products:  # a HEIC nothing names: nobody's browser would show it
            made[need.url] = ("", {}, None, 0)
            continue
        file = static_source(site_dir, need.url)
        stamp = _stamp(file)
        known = store.stamps.get(str(file))
        digest = known[1] if known and known[0] == stamp else ""
        metas = {product: store.meta(product_key(digest, product, images)) for product in need.products} if digest else {}
        stamps[str(file)] = (stamp, digest)
        if digest and all(metas.values()):
            made[need.url] = (digest, metas, None, 0)
        else:
            work[need.url] = _Job(need.url, str(file), digest, need.products)
    jobs_list = list(work.values())
    for _, results in map_chunks(_make_chunk, jobs_list, jobs, _worker_state, (images, store.folder), chunk=1, min_parallel=2):
        for url, result in results.items():
            made[url] = result
            source = work[url].file
            stamps[source] = (stamps[source][0], result[0])
    store.save_stamps(stamps)
    return _collect(site, needs, made, store)


def _collect(site: Site, needs: list[_Need], made: dict, store: ImageStore) -> tuple[Photos, list[Problem]]:
    images = site.config.images
    shown, shares, files, problems = {}, {}, {}, []
    encoded, fingerprint = 0, hashlib.sha256()
    for need in needs:
        digest, metas, trouble, count = made[need.url]
        encoded += count
        if trouble is not None:
            problems += _problems(need, trouble[0], trouble[1])
            continue
        notes: list[str] = next((meta["notes"] for meta in metas.values() if meta), [])
        for note in notes:
            problems += _problems(need, False, note)
        slug = vi.slugify(posixpath.splitext(need.url.rsplit("/", 1)[-1])[0]) or "anh"
        for product in need.products:
            key = product_key(digest, product, images)
            fingerprint.update(key.encode())
            renditions = []
            for name, width, height, format in metas[product]["files"]:
                output = need.url.lstrip("/") if product == CLEAN else f"{PHOTOS_FOLDER}/{slug}.{key[:10]}.{name}"
                files[output] = str(store.path(key, name))
                renditions.append(Rendition("/" + output, width, height, format))
            if product == WIDTHS:
                widest = max(renditions, key=lambda r: r.width)
                shown[need.url] = Photo(need.url, widest.width, widest.height, tuple(renditions))
            elif product == SHARE:
                shares[need.url] = renditions[0]
    withheld = frozenset(need.url for need in needs)
    fingerprint.update(repr(sorted(withheld)).encode())
    return Photos(shown, shares, files, withheld, encoded, fingerprint.hexdigest()), problems


def _problems(need: _Need, fatal: bool, message: str) -> list[Problem]:
    """A photo's trouble, said at every place that names it (an error there when the photo is
    unusable); a photo nothing names: a warning on the file itself, which is not published."""
    if not need.refs:
        return [warning(f"static{need.url}", 0, f"{message}; tệp này không được đăng lên trang" if fatal else message)]
    level = error if fatal else warning
    seen, found = set(), []
    for ref in need.refs:
        if (ref.source, ref.line) not in seen:
            seen.add((ref.source, ref.line))
            found.append(level(ref.source, ref.line, f"{ref.what} `{ref.target}` (tệp static{need.url}): {message}"))
    return found


def check_photos(site: Site, site_dir: Path, jobs: int) -> list[Problem]:
    """What `check` says of the photos: each one opened and decoded at a small scale (a broken or
    truncated file, an unreadable HEIC, a bomb, a huge original), nothing encoded or written."""
    needs = [need for need in _needs(site) if need.products]  # what the build would read
    work = [_Job(need.url, str(static_source(site_dir, need.url)), "", ()) for need in needs]
    problems, by_url = [], {need.url: need for need in needs}
    for _, results in map_chunks(_inspect_chunk, work, jobs, _worker_state, (site.config.images, None), chunk=8, min_parallel=16):
        for url, (trouble, notes) in results.items():
            need = by_url[url]
            problems += _problems(need, trouble[0], trouble[1]) if trouble else [p for note in notes for p in _problems(need, False, note)]
    return problems


# --- The workers: open, turn, convert, encode -----------------------------------------------------


@dataclass(frozen=True)
class _WorkerState:
    images: Images
    store: ImageStore | None  # None: workers that only inspect photos (`check`)

    def required_store(self) -> ImageStore:
        if self.store is None:
            raise RuntimeError("the photo workers that encode were started without a store")
        return self.store


def _worker_state(images: Images, folder: Path | None) -> _WorkerState:
    return _WorkerState(images, ImageStore(folder) if folder else None)


class _Trouble(Exception):
    """A photo that cannot be used: `fatal` (an error where a page shows it) and what to do, in Vietnamese."""

    def __init__(self, message: str, fatal: bool = True):  # fatal: the photo cannot be published at all
        super().__init__(message)
        self.message, self.fatal = message, fatal


def _make_chunk(state: _WorkerState, chunk: list[_Job]) -> dict[str, tuple]:
    """url → (hash of the bytes, {product: meta}, (fatal, message) or None, products encoded)."""
    store = state.required_store()
    done: dict[str, tuple] = {}
    for job in chunk:
        try:
            digest = job.digest or _file_digest(job.file)
        except OSError as exc:
            done[job.url] = ("", {}, (True, f"không đọc được tệp ({exc}); hãy chép lại ảnh rồi tải lên lại"), 0)
            continue
        keys = {product: product_key(digest, product, state.images) for product in job.products}
        metas = {product: store.meta(key) for product, key in keys.items()}
        missing = [product for product, meta in metas.items() if meta is None]
        try:
            if missing:
                metas.update(_encode(Path(job.file), missing, keys, state))
            done[job.url] = (digest, metas, None, len(missing))
        except _Trouble as trouble:
            done[job.url] = (digest, {}, (trouble.fatal, trouble.message), 0)
    return done


def _inspect_chunk(state: _WorkerState, chunk: list[_Job]) -> dict[str, tuple]:
    done: dict[str, tuple] = {}
    for job in chunk:
        try:
            with _open(Path(job.file)) as image:
                notes = _notes(image, Path(job.file))
                image.draft(None, (64, 64))  # a JPEG decodes at an eighth of its size: every byte is still read
                _load(image)
            done[job.url] = (None, notes)
        except _Trouble as trouble:
            done[job.url] = ((trouble.fatal, trouble.message), [])
    return done


def _file_digest(file: str) -> str:
    hasher = hashlib.sha256()
    with open(file, "rb") as opened:
        while chunk := opened.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


def _open(path: Path) -> Image.Image:
    heic = path.suffix.lower() in (".heic", ".heif")
    if heic and pillow_heif is None:
        raise _Trouble(
            "máy dựng trang này không đọc được ảnh HEIC (thiếu gói pillow-heif cho hệ điều hành này); hãy chuyển ảnh sang JPG "
            "(trên iPhone: Cài đặt › Camera › Định dạng › Tương thích nhất; hoặc mở ảnh, chọn Chia sẻ › Lưu dưới dạng JPG) rồi tải lên lại"
        )
    try:
        with warnings.catch_warnings():  # below its own limit Pillow only warns: the officer is told the size instead (_notes)
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise _Trouble(
            f"ảnh khai báo kích thước bất thường ({vi.format_number(int(pixels.group(1)) // 1_000_000) if pixels else 'hàng trăm'} megapixel): "
            "có thể là tệp hỏng hoặc tệp cố tình làm treo máy dựng trang; ảnh chụp bằng điện thoại chỉ 12–50 megapixel. "
            "Hãy dùng ảnh khác hoặc thu nhỏ ảnh này"
        ) from exc
    except UnidentifiedImageError as exc:
        if heic:
            raise _Trouble(
                "không đọc được ảnh HEIC này (tệp hỏng hoặc kiểu HEIC lạ); hãy mở ảnh trên điện thoại, lưu dưới dạng JPG rồi tải lên lại"
            ) from exc
        raise _Trouble(
            "tệp không phải ảnh, hoặc là ảnh hỏng không đọc được (đuôi tên tệp có thể bị đặt sai); hãy mở tệp trên máy để kiểm tra, "
            "rồi lưu lại thành JPG"
        ) from exc
    except OSError as exc:
        raise _Trouble(f"không đọc được tệp ({exc}); hãy chép lại ảnh rồi tải lên lại") from exc
    return image


def _load(image: Image.Image) -> None:
    """Decode the pixels: a file cut short (an upload that did not finish) fails here."""
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _Trouble(
            f"ảnh bị hỏng hoặc chưa tải lên hết (đọc đến giữa thì hết tệp: {exc}); hãy chép lại ảnh gốc từ điện thoại rồi tải lên lại"
        ) from exc


def _notes(image: Image.Image, path: Path) -> list[str]:
    """The warning a huge original earns: its size, and why it matters even though pages show it small."""
    width, height = image.size
    size = path.stat().st_size
    if width * height <= LARGE_PIXELS and size <= LARGE_BYTES:
        return []
    return [
        f"ảnh rất lớn ({width}×{height} điểm ảnh, {vi.format_number(width * height / 1_000_000, 1)} megapixel, "
        f"{vi.format_number(size / 1024 / 1024, 1)} MB): trang chỉ dùng bản thu nhỏ, nhưng tệp gốc làm kho nội dung nặng thêm "
        "và tải lên chậm; nên thu nhỏ còn khoảng 12 megapixel (cạnh dài 4000 điểm ảnh) trước khi tải lên"
    ]


def _encode(path: Path, products: list[str], keys: dict[str, str], state: _WorkerState) -> dict[str, dict]:
    images, store = state.images, state.required_store()
    with _open(path) as image:
        notes = _notes(image, path)
        turned = image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
        shown = image.size[::-1] if turned else image.size
        scale = 1.0 if CLEAN in products else _scale_needed(shown, products, images)
        if scale < 1:  # JPEG: decode straight at a half, a quarter or an eighth of the size
            image.draft(None, (math.ceil(image.size[0] * scale), math.ceil(image.size[1] * scale)))
        _load(image)
        try:
            picture = _srgb(ImageOps.exif_transpose(image), image.info.get("icc_profile"))
        except (OSError, ValueError) as exc:  # a pixel format with no RGB (16-bit grey, say)
            raise _Trouble(f"không chuyển được ảnh này sang màu RGB ({exc}); hãy mở ảnh và lưu lại thành JPG") from exc
        source_format = image.format
    made = {}
    for product in products:
        key = keys[product]
        if product == WIDTHS:
            files = _widths(picture, shown, images, key, store, lossless=source_format == "PNG")
        elif product == SHARE:
            files = [_share(picture, key, store)]
        else:
            files = [_clean(picture, path, source_format or "", key, store)]
        meta = {"notes": notes, "files": files}
        store.put_meta(key, meta)
        made[product] = meta
    return made


def _scale_needed(shown: tuple[int, int], products: list[str], images: Images) -> float:
    scale = min(1.0, max(images.widths) / shown[0]) if WIDTHS in products else 0.0
    if SHARE in products:
        scale = max(scale, min(1.0, max(SHARE_SIZE[0] / shown[0], SHARE_SIZE[1] / shown[1])))
    return scale


def _srgb(picture: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB (RGBA when really transparent) in sRGB: the colour profile is converted, then dropped with
    the rest of the metadata (an iPhone's Display P3 would look faded without it)."""
    transparent = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    mode = "RGBA" if transparent else "RGB"
    if icc:
        try:
            converted = ImageCms.profileToProfile(picture, ImageCms.ImageCmsProfile(io.BytesIO(icc)), SRGB, outputMode=mode)
            picture = converted if converted is not None else picture
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the pixels as they are
    picture = picture.convert(mode) if picture.mode != mode else picture
    if mode == "RGBA" and picture.getchannel("A").getextrema()[0] == 255:  # an alpha channel nothing shows through
        picture = picture.convert("RGB")
    return picture


def _widths(picture: Image.Image, shown: tuple[int, int], images: Images, key: str, store: ImageStore, lossless: bool) -> list[list]:
    """Every configured width below the photo's own, and the largest one it reaches; widest first, each
    resized from the previous (as sharp, and cheaper than from the original every time). The fallback
    is PNG for a transparent picture or a PNG (a screenshot, a chart: JPEG would blur its text)."""
    widest = min(shown[0], max(images.widths))
    widths = sorted({w for w in images.widths if w < widest} | {widest}, reverse=True)
    fallback = "png" if picture.mode == "RGBA" or lossless else FALLBACK_FORMAT
    formats = [f for f in images.formats if f != FALLBACK_FORMAT] + [fallback]
    files, current = [], picture
    for width in widths:
        height = max(1, round(shown[1] * width / shown[0]))
        current = (
            current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0) if current.size != (width, height) else current
        )
        for format in formats:
            name = f"{width}.{EXTENSIONS[format]}"
            store.put(key, name, lambda file, image=current, format=format, width=width: _save(image, file, format, images.quality, width))
            files.append([name, width, height, format])
    return files


def _save(image: Image.Image, file, format: str, quality: int, width: int) -> None:
    if format == "jpeg":
        image.save(file, "JPEG", quality=quality, optimize=True, progressive=True)
    elif format == "webp":
        # method 4 on the widths phones take (a few % smaller); 2 on wider ones (twice as fast to encode)
        image.save(file, "WEBP", quality=quality, method=4 if width <= 1080 else 2)
    elif format == "avif":
        image.save(file, "AVIF", quality=quality)
    else:
        image.save(file, "PNG")


def _share(picture: Image.Image, key: str, store: ImageStore) -> list:
    """1200×630 cut from the middle (a little above it: faces), never enlarged; JPEG, ≤ 300 KB."""
    ratio = SHARE_SIZE[0] / SHARE_SIZE[1]
    width = min(SHARE_SIZE[0], picture.width, round(picture.height * ratio))
    size = (width, round(width / ratio))
    cut = ImageOps.fit(picture.convert("RGB"), size, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    for quality in (82, 72, 62, 50, 40):
        buffer = io.BytesIO()
        cut.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() <= SHARE_BYTES:
            break
    store.put(key, SHARE_NAME, lambda file: file.write(buffer.getvalue()))
    return [SHARE_NAME, size[0], size[1], "jpeg"]


CLEAN_FORMATS = {
    "JPEG": ("jpeg", "JPEG"),
    "PNG": ("png", "PNG"),
    "WEBP": ("webp", "WEBP"),
    "AVIF": ("avif", "AVIF"),
    "HEIF": ("heif", "HEIF"),
}


def _clean(picture: Image.Image, path: Path, source_format: str, key: str, store: ImageStore) -> list:
    """The photo at its own address: its pixels, turned upright, in its own format, no metadata."""
    label, pillow_format = CLEAN_FORMATS.get(source_format, ("png", "PNG"))
    image = picture.convert("RGB") if pillow_format == "JPEG" else picture
    name = "clean" + path.suffix.lower()
    options = {} if pillow_format == "PNG" else {"quality": CLEAN_QUALITY}
    try:
        store.put(key, name, lambda file: image.save(file, pillow_format, **options))
    except (OSError, ValueError, KeyError) as exc:
        raise _Trouble(f"không ghi lại được ảnh này dưới dạng {label} ({exc}); hãy lưu ảnh thành JPG rồi tải lên lại") from exc
    return [name, image.width, image.height, label]
