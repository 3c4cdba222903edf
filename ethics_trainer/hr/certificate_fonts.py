"""The certificate fonts: the bundled Noto Sans cut down to what a certificate needs.

Why: fpdf2 parses and subsets each font for every PDF; a font cut to the ~900 glyphs of Latin,
Vietnamese and punctuation, without the layout tables fpdf2 drops anyway, is parsed several
times faster. The cut is made once per machine (a cache folder named by the fonts' sizes and
:data:`CUT_VERSION`) and the full fonts are used if it cannot be made.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from ethics_trainer.paths import FONTS_DIR

FONT = "NotoSans"


FONT_FILES = {
    "": "NotoSans-Regular.ttf",
    "B": "NotoSans-Bold.ttf",
    "I": "NotoSans-Italic.ttf",
}


# Latin, Vietnamese and punctuation: certificates need nothing else, and a font cut down to
# these ~900 glyphs is parsed and subset several times faster than the full Noto Sans.
# The cut also drops the layout tables: fpdf2 drops them from every PDF anyway (no text
# shaping; Vietnamese in NFC needs none), but parsing them again for each certificate cost
# about a third of the font work.
CUT_VERSION = 2  # part of the cache folder name: bump when the cut changes


DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "FFTM", "MATH", "hdmx", "meta", "DSIG"]


UNICODES = "U+0020-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AB,U+2116"


@functools.cache
def font_files() -> dict[str, Path]:
    """The bundled fonts cut down to :data:`UNICODES`, made once per process in a temp folder.

    Falls back to the full bundled files if the cut cannot be made.
    """
    full = {style: FONTS_DIR / name for style, name in FONT_FILES.items()}
    try:
        from fontTools import subset

        stamp = "-".join(str(p.stat().st_size) for p in full.values())
        folder = (
            Path(tempfile.gettempdir())
            / f"ethics-trainer-fonts-{os.getuid() if hasattr(os, 'getuid') else 0}-{stamp}"
            f"-v{CUT_VERSION}"
        )
        folder.mkdir(parents=True, exist_ok=True)
        result = {}
        for style, source in full.items():
            target = folder / source.name
            if not target.exists():
                options = subset.Options()
                options.layout_features = []
                options.drop_tables += DROPPED_TABLES
                options.hinting = False  # PDF viewers do their own hinting
                options.name_IDs = ["*"]
                options.notdef_outline = True
                font = subset.load_font(str(source), options)
                subsetter = subset.Subsetter(options)
                subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
                subsetter.subset(font)
                part = target.with_name(f"{target.name}.{os.getpid()}.part")
                subset.save_font(font, str(part), options)
                os.replace(part, target)
            result[style] = target
        return result
    except Exception:  # any problem: the full fonts work too, only slower
        return full
