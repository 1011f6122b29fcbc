"""Small real images for tests (a photo stage reads every image a page shows: fake bytes are now a
broken image), and the photos an officer's phone takes (bench/photo_corpus.py)."""

from __future__ import annotations

import functools
import io

from PIL import Image

from bench.photo_corpus import scene


@functools.cache
def image_bytes(format: str = "PNG", size: tuple[int, int] = (64, 48), mode: str = "RGB") -> bytes:
    """A small picture in `format` (PNG, JPEG, WEBP…); same arguments, same bytes."""
    buffer = io.BytesIO()
    picture = scene(*size).convert(mode) if mode != "RGBA" else _transparent(size)
    picture.save(buffer, format)
    return buffer.getvalue()


def _transparent(size: tuple[int, int]) -> Image.Image:
    picture = scene(*size).convert("RGBA")
    picture.putalpha(Image.linear_gradient("L").resize(size))
    return picture


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
