"""Render resources/icons/app.svg to the icon files desktops and bundles ask for.

Run from anywhere: ``python resources/make_icons.py`` (needs PySide6; no display: offscreen).

- ``app-<size>.png`` for 16..512: the freedesktop hicolor sizes (desktop_entry.py installs them)
  and the window icon (app.py);
- ``app.ico``: Windows, for the bundle's executable (build.spec); 16..48 as 32-bit BMP images
  with alpha (what every Windows version reads), 64..256 as PNG (Vista and later);
- ``app.icns``: macOS, for the .app bundle (build.spec); PNG images 16..1024 (Retina).

Both container formats are written here by hand (a few header fields each, below) so that no
image library beyond Qt is needed; tests/unit/test_desktop_entry.py reads them back with Qt.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: Below this size an .ico entry is a BMP (device-independent bitmap), from it a PNG.
ICO_PNG_FROM = 64
#: icns element type -> pixel size (Apple's "icp4".."ic14"; the @2x ones double a point size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
)


def _renderer(svg: Path):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    return renderer


def render_image(renderer, size: int):
    """The SVG drawn into a transparent ``size`` x ``size`` QImage (ARGB32, not premultiplied)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def bmp_bytes(image) -> bytes:
    """An .ico BMP entry: BITMAPINFOHEADER, 32-bit BGRA rows bottom-up, then an all-zero AND
    mask (transparency comes from the alpha channel; the mask is read only by 1990s systems)."""
    size = image.width()
    pixels = bytes(image.constBits())  # ARGB32 is B, G, R, A in memory on little-endian
    row = image.bytesPerLine()
    rows = [pixels[y * row : y * row + size * 4] for y in range(size)]
    if sys.byteorder != "little":  # pragma: no cover - Qt stores 0xAARRGGBB words
        rows = [bytes(r[i : i + 4][::-1]) for r in rows for i in range(0, len(r), 4)]
    mask_row = ((size + 31) // 32) * 4
    header = struct.pack(
        "<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, size * size * 4 + mask_row * size, 0, 0, 0, 0
    )
    return header + b"".join(reversed(rows)) + bytes(mask_row * size)


def ico_bytes(images: dict[int, object]) -> bytes:
    """An .ico file (ICONDIR + one ICONDIRENTRY per size + the images)."""
    entries, blobs = [], []
    offset = 6 + 16 * len(images)
    for size, image in sorted(images.items()):
        blob = png_bytes(image) if size >= ICO_PNG_FROM else bmp_bytes(image)
        side = 0 if size >= 256 else size  # 0 means 256
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return struct.pack("<HHH", 0, 1, len(images)) + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .icns file: 'icns' + big-endian total length, then (type, length, PNG) elements."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def _write(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


def render(svg: Path, out_dir: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Write ``app-<size>.png`` for each size, ``app.ico`` and ``app.icns``; the files written."""
    renderer = _renderer(svg)
    wanted = set(sizes) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES}
    images = {size: render_image(renderer, size) for size in sorted(wanted)}
    pngs = {size: png_bytes(image) for size, image in images.items()}
    written = [_write(out_dir / f"app-{size}.png", pngs[size]) for size in sizes]
    written.append(_write(out_dir / "app.ico", ico_bytes({s: images[s] for s in ICO_SIZES})))
    written.append(_write(out_dir / "app.icns", icns_bytes(pngs)))
    return written


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in render(ICONS / "app.svg", ICONS):
        print(path)
