"""Draw the small files of the demonstration resource library, reproducibly.

    .venv/bin/python scripts/make_demo_resources.py

Writes into content/resources/<bundle>/: two posters (PNG, JPEG), two one-page PDFs and a
three-second WAV chime. Text is drawn with the bundled font (sitegen/media/fonts/), which covers
GB2312 level-1 hanzi only, so the wording keeps to common characters. Every file stays well
under 200 KB. Same script, same Pillow: same bytes.
"""
from __future__ import annotations

import io
import math
import struct
import sys
import wave
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "sitegen" / "media" / "fonts" / "NotoSansSC-Bold-GB2312.otf"
RESOURCES = ROOT / "content" / "resources"
GREEN, LIGHT, WHITE, BLACK, RED = (11, 92, 59), (232, 243, 238), (255, 255, 255), (26, 26, 26), (170, 0, 0)


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def centred(draw: ImageDraw.ImageDraw, width: int, y: int, text: str, size: int, fill) -> None:
    face = font(size)
    left, _, right, _ = draw.textbbox((0, 0), text, font=face)
    draw.text(((width - (right - left)) // 2, y), text, font=face, fill=fill)


def si_jin_poster() -> bytes:
    """A poster of the 'four bans' policy of the Anti-Drug Law, article 4."""
    width, height = 800, 1130
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 230), fill=GREEN)
    centred(draw, width, 60, "禁毒工作方针", 72, WHITE)
    centred(draw, width, 265, "预防为主  综合治理", 52, GREEN)
    for row, word in enumerate(("禁种", "禁制", "禁贩", "禁吸")):
        top = 370 + row * 150
        draw.rounded_rectangle((140, top, width - 140, top + 120), radius=20, fill=LIGHT, outline=GREEN, width=4)
        centred(draw, width, top + 18, word, 72, GREEN)
    centred(draw, width, 985, "并举", 56, RED)
    centred(draw, width, 1065, "《中华人民共和国禁毒法》第四条", 30, BLACK)
    out = io.BytesIO()
    image.quantize(colors=16).save(out, "PNG", optimize=True)
    return out.getvalue()


def three_words_picture() -> bytes:
    """识毒 防毒 拒毒: a wide picture for school screens and class chat groups."""
    width, height = 960, 540
    image = Image.new("RGB", (width, height), GREEN)
    draw = ImageDraw.Draw(image)
    for column, word in enumerate(("识毒", "防毒", "拒毒")):
        left = 60 + column * 290
        draw.ellipse((left, 120, left + 260, 380), fill=WHITE)
        centred_x = left + 130
        face = font(80)
        l, _, r, _ = draw.textbbox((0, 0), word, font=face)
        draw.text((centred_x - (r - l) // 2, 195), word, font=face, fill=GREEN)
    centred(draw, width, 420, "健康人生  绿色无毒", 48, WHITE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def page_pdf(title: str, lines: list[str]) -> bytes:
    """One A4 page at 100 dpi, black and white: a printable sheet in a few dozen KB."""
    width, height = 827, 1169
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    centred(draw, width, 70, title, 34, 0)
    draw.line((70, 130, width - 70, 130), fill=0, width=2)
    y = 160
    body = font(20)
    for line in lines:
        indent = len(line) - len(line.lstrip())
        draw.text((80 + 15 * indent, y), line.strip(), font=body, fill=0)
        y += 38 if line else 18
    out = io.BytesIO()
    image.convert("1").save(out, "PDF", resolution=100.0, title=title, creationDate=None, modDate=None)
    return out.getvalue()


LESSON = [
    "适用：小学五年级至高中二年级    课时：1课时（40分钟）",
    "",
    "一、教学目标",
    "  1. 知道什么是毒品，了解常见毒品和新型毒品的伪装。",
    "  2. 认识毒品对身体、家庭和社会的危害。",
    "  3. 学会在不同情境下拒绝毒品的方法。",
    "",
    "二、教学过程",
    "  1. 导入（5分钟）：观看一段禁毒短片，说一说看到了什么。",
    "  2. 识毒（10分钟）：讲解禁毒法第二条规定的毒品；",
    "     认识伪装成饮料、零食、电子烟的新型毒品。",
    "  3. 防毒（10分钟）：讨论毒品的危害，讲一讲“四禁”方针。",
    "  4. 拒毒（10分钟）：分组演练拒绝的说法，如直接拒绝、",
    "     转移话题、马上离开，并告诉老师和家长。",
    "  5. 小结（5分钟）：写一句“我的禁毒宣言”。",
    "",
    "三、课后延伸",
    "  登录青骄第二课堂完成本学段课程；与家人分享所学。",
    "",
    "四、教学反思（教师填写）",
    "",
    "",
    "",
    "平安县禁毒委员会办公室  供学校教学参考",
]

OFFICIALS = [
    "对象：全体公职人员",
    "",
    "“五个一”内容",
    "  1. 参观一次禁毒教育基地。",
    "  2. 观看一部禁毒警示教育片。",
    "  3. 参加一次禁毒知识培训，培训后参加知识测试。",
    "  4. 参加一次网上禁毒学习。",
    "  5. 走访帮扶一名戒毒康复人员。",
    "",
    "学习要点",
    "  禁毒是全社会的共同责任（禁毒法第三条）。",
    "  禁毒工作实行预防为主，综合治理，",
    "  禁种、禁制、禁贩、禁吸并举的方针（禁毒法第四条）。",
    "  国家机关应当加强对本单位人员的禁毒宣传教育",
    "  （禁毒法第十六条）。",
    "",
    "完成情况（本人填写）",
    "  第1项 ____月____日    第2项 ____月____日",
    "  第3项 ____月____日    第4项 ____月____日",
    "  第5项 ____月____日",
    "",
    "平安县禁毒委员会办公室",
]


def chime() -> bytes:
    """Three soft descending tones, 3 s, 8 kHz mono 8-bit: a campus-radio opening signal."""
    rate = 8000
    frames = bytearray()
    for frequency in (784.0, 659.3, 523.3):  # G5, E5, C5
        for n in range(rate):
            t = n / rate
            level = math.sin(2 * math.pi * frequency * t) * math.exp(-3.0 * t) * 0.6
            frames += struct.pack("B", int(128 + 127 * level))
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(1)
        handle.setframerate(rate)
        handle.writeframes(bytes(frames))
    return out.getvalue()


FILES = {
    "si-jin-poster/si-jin-poster.png": si_jin_poster,
    "shi-du-fang-du-ju-du/shi-du-fang-du-ju-du.jpg": three_words_picture,
    "anti-drug-lesson-plan/lesson-plan.pdf": lambda: page_pdf("一堂禁毒课  教案", LESSON),
    "officials-five-ones-sheet/officials-five-ones.pdf": lambda: page_pdf("公职人员禁毒“五个一”学习清单", OFFICIALS),
    "campus-radio-chime/chime.wav": chime,
}


def main() -> int:
    for rel, make in FILES.items():
        path = RESOURCES / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = make()
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}  {len(data):,} bytes")
        assert len(data) < 200 * 1024, f"{rel} is too large for the demonstration site"
    return 0


if __name__ == "__main__":
    sys.exit(main())
