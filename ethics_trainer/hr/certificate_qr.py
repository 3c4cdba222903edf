"""The certificate's QR code, drawn as vector rectangles (zxing-cpp, or segno without it).

Why apart: the code that encodes and draws it is the same for one certificate and a batch,
and its cost was measured on its own (tests/perf_correctness decode every drawn code).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF


QR_MASK = 2


def qr_runs(text: str) -> tuple[int, list[tuple[int, int, int]]]:
    """(modules per side, dark runs as (row, first column, length)) of the QR code for text.

    Drawn as vector rectangles: sharper than a PNG and cheaper than encoding a PNG that fpdf2
    then decodes again through Pillow. Encoded by zxing-cpp (C++: ~0.3 ms; segno, pure
    Python, took 6–12 ms, the largest cost left per certificate once fonts were done once
    per batch); segno if zxing-cpp is missing. Both give a standard QR code, level M, byte
    mode without ECI, that every reader decodes to the same text (tests/perf_correctness).
    """
    try:
        import zxingcpp
    except ImportError:
        return _segno_runs(text)
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    picture = code.to_image(scale=1, add_quiet_zones=False)
    image = memoryview(picture)  # type: ignore[arg-type]  # a buffer; zxing-cpp's stubs omit it
    assert image.shape is not None  # a 2-D image: (rows, columns)
    size = image.shape[0]
    flat = image.tobytes()
    rows = [flat[y * size : (y + 1) * size] for y in range(size)]
    return size, [
        (y, m.start(), m.end() - m.start())
        for y, row in enumerate(rows)
        for m in _DARK.finditer(row)
    ]


def _segno_runs(text: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code's dark runs through segno (pure Python), when zxing-cpp is missing."""
    import segno

    # A fixed mask: every mask is valid QR and decodes the same; choosing the "best" one by
    # segno's penalty rules took 70 % of the encoding time (6 ms per certificate).
    matrix = segno.make(text, error="m", micro=False, mask=QR_MASK).matrix
    runs: list[tuple[int, int, int]] = []
    for y, row in enumerate(matrix):
        x, size = 0, len(row)
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(matrix), runs


_DARK = re.compile(rb"\x00+")  # zxing-cpp's image: 0 is a dark module


def draw_qr(pdf: FPDF, text: str, x: float, y: float, side: float) -> None:
    """The QR code as black rectangles on a white square with a two-module quiet zone."""
    size, runs = qr_runs(text)
    module = side / (size + 4)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, side, side, style="F")
    pdf.set_fill_color(0, 0, 0)
    left, top = x + 2 * module, y + 2 * module
    out = getattr(pdf, "_out", None)
    if out is None:  # an fpdf2 without its content-stream writer: one call per run
        for row, column, length in runs:
            pdf.rect(left + column * module, top + row * module, length * module, module, "F")
        return
    # One path filled once: the same rectangles as pdf.rect() writes, without ~500 calls
    # (a fifth of a certificate's time once the fonts were done once per batch).
    k, height = pdf.k, pdf.h
    xs = [f"{(left + c * module) * k:.2f}" for c in range(size)]
    ys = [f"{(height - top - r * module) * k:.2f}" for r in range(size)]
    ws = [f"{n * module * k:.2f} {-module * k:.2f} re" for n in range(size + 1)]
    out("\n".join([f"{xs[c]} {ys[r]} {ws[n]}" for r, c, n in runs]) + "\nf")
