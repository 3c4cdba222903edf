"""Draws the app icon's PNG sizes and the Windows .ico from the one SVG (run after editing it):

QT_QPA_PLATFORM=offscreen .venv/bin/python .ci/packaging/make_icons.py
"""

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "ethics_trainer" / "resources" / "icons" / "ethics-trainer.svg"
OUT = ROOT / ".ci" / "packaging"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> None:
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(OUT / "icons" / f"ethics-trainer-{size}.png"))
    big = Image.open(OUT / "icons" / "ethics-trainer-256.png")
    big.save(OUT / "windows" / "ethics-trainer.ico", sizes=[(s, s) for s in SIZES])
    del app


if __name__ == "__main__":
    main()
