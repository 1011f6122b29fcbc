"""Phone-like photos made on the spot (no photo is stored in the repository): the size, the
EXIF an officer's phone writes (camera, time, GPS position, Orientation) and picture content
that compresses like a real scene (soft shapes, edges, sensor grain), so the sizes measured on
them are no kinder than on real photos."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFilter

ORIENTATION = 0x0112
GPS_IFD = 0x8825
MAKE, MODEL, DATETIME = 0x010F, 0x0110, 0x0132
# Where the photo was taken: UBND tỉnh Hưng Yên (the kind of fact a published photo must not tell).
GPS = {1: "N", 2: (20.0, 39.0, 28.8), 3: "E", 4: (106.0, 3.0, 25.2)}
# Phones also write a colour profile and XMP (edits, motion-photo data, sometimes the place again).
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="20,39.48N" exif:GPSLongitude="106,3.42E"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def phone_photo(
    path: Path, width: int = 4000, height: int = 3000, orientation: int = 1, seed: int = 1, quality: int = 92, gps: bool = True
) -> Path:
    """A JPEG as a phone writes it: `width`×`height` as stored (Orientation=6 says: turn it a
    quarter clockwise to show it). Its stored left edge carries a red band, so a photo turned
    the right way has the band at the top."""
    picture = scene(width, height, seed)
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[DATETIME] = "Samsung", "Galaxy A15", "2026:01:15 14:03:27"
    exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update(GPS)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", quality=quality, exif=exif.tobytes(), icc_profile=ICC, xmp=XMP)
    return path


def scene(width: int, height: int, seed: int = 1) -> Image.Image:
    rng = random.Random(seed)

    def noise(w: int, h: int, mode: str = "RGB") -> Image.Image:
        return Image.frombytes(mode, (w, h), rng.randbytes(w * h * len(mode)))

    half = (max(1, width // 2), max(1, height // 2))  # drawn at half size, then enlarged: a lens is never perfectly sharp
    picture = Image.blend(noise(16, 12).resize(half, Image.BICUBIC), noise(200, 150).resize(half, Image.BICUBIC), 0.4)
    draw = ImageDraw.Draw(picture)
    unit = max(half) // 100
    for _ in range(400):  # people, chairs, banners: hard edges the encoder must keep
        x, y = rng.randrange(half[0]), rng.randrange(half[1])
        w, h = rng.randrange(unit, unit * 10 + 2), rng.randrange(unit, unit * 10 + 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x, y, x + w, y + h), fill=colour)
        else:
            draw.ellipse((x, y, x + w, y + h), fill=colour, outline=(20, 20, 20), width=max(1, unit // 3))
    for _ in range(150):
        draw.line((rng.randrange(half[0]), rng.randrange(half[1]), rng.randrange(half[0]), rng.randrange(half[1])), fill=(240, 240, 230))
    picture = picture.filter(ImageFilter.BoxBlur(1)).resize((width, height), Image.BICUBIC)
    picture = Image.blend(picture, noise(width, height, "L").convert("RGB"), 0.07)  # sensor grain
    ImageDraw.Draw(picture).rectangle((0, 0, width // 20, height), fill=(200, 0, 0))  # the stored left edge
    return picture
