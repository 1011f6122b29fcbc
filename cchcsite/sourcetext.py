"""Officers' text files (Markdown, config.yaml): bytes → NFC text, or a clear refusal.

Word and Windows bring BOMs, CRLF and decomposed accents (NFD): all accepted.
Legacy Vietnamese encodings (Windows-1258, TCVN3, VNI) and UTF-16 are refused
with the fix, so no page ever shows broken characters.
"""

from __future__ import annotations

import unicodedata

from .errors import Problem, error

SAVE_AS_UTF8 = "mở tệp bằng Notepad (hoặc VS Code), chọn Lưu thành… và chọn mã hóa UTF-8"


def decode(raw: bytes, path: str) -> tuple[str, Problem | None]:
    """UTF-8 (BOM allowed) → NFC text with `\\n` line ends; anything else is an error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in raw[:200]):
        return "", error(path, 1, f"tệp được lưu dạng UTF-16 (Unicode của Word/Notepad); hãy {SAVE_AS_UTF8}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return "", error(
            path,
            line,
            f"tệp không phải UTF-8 (có thể là Windows-1258, TCVN3 hay VNI); chữ Việt sẽ bị lỗi phông. Hãy {SAVE_AS_UTF8}",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), None
