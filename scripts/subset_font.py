"""Make the share-card font: Noto Sans CJK SC Bold (SIL OFL 1.1), cut to the 3,755 level-1 GB2312 hanzi, symbols and ASCII.

Run once by a developer (needs Debian's fonts-noto-cjk and fonttools); the result is
committed as sitegen/media/fonts/NotoSansSC-Bold-GB2312.otf so building needs no system font.
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
TARGET = Path(__file__).resolve().parent.parent / "sitegen/media/fonts/NotoSansSC-Bold-GB2312.otf"


def gb2312_characters() -> str:
    chars = []
    for high in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xD8)):  # symbols and level-1 hanzi
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def main() -> int:
    collection = TTCollection(str(SOURCE))
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    text = gb2312_characters() + "".join(chr(c) for c in range(0x20, 0x7F)) + "“”‘’…—·、。，：；！？（）《》【】「」"
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(TARGET))
    print(f"{TARGET}: {TARGET.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
