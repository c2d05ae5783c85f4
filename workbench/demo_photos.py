"""Photographs for the fictional demo case, drawn at build time with Pillow.

Each scene is a simple but recognisable picture (a road blockade, a police line, a brown
canal...) drawn deterministically from a seed, saved as JPEG with the EXIF a phone or camera
would write: DateTimeOriginal with OffsetTimeOriginal, GPS latitude, longitude and altitude,
Make and Model. Nothing is written to disk: the bytes go straight into the encrypted case.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from PIL.ExifTags import IFD

W, H = 1200, 800
Color = tuple[int, int, int]

SKIN = [(141, 85, 56), (160, 102, 68), (122, 74, 50), (176, 120, 84)]
PONCHO = [(178, 34, 52), (214, 120, 30), (40, 90, 160), (120, 40, 110), (30, 120, 80),
          (200, 60, 90), (90, 60, 40)]
WHIPALA = [(228, 32, 38), (244, 125, 32), (250, 220, 40), (240, 240, 240), (0, 130, 70),
           (0, 110, 190), (110, 40, 140)]


@dataclass(frozen=True)
class PhotoSpec:
    """What to draw and which EXIF to carry (times are local, with their UTC offset)."""

    scene: str
    seed: int
    taken: str  # 2018-04-03T14:12:08 (local time)
    offset: str  # -05:00
    lat: float | None
    lon: float | None
    alt: float | None
    make: str
    model: str
    text: str = ""


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # ReportLab (a dependency, for PDFs) ships Bitstream Vera, which has the Spanish and
    # Quechua letters (ñ, á...); Pillow's built-in font lacks them.
    try:
        with resources.as_file(resources.files("reportlab") / "fonts" / "VeraBd.ttf") as path:
            return ImageFont.truetype(str(path), size)
    except (ModuleNotFoundError, OSError):
        return ImageFont.load_default(size=size)


def _gradient(img: Image.Image, top: Color, bottom: Color, y0: int, y1: int) -> None:
    draw = ImageDraw.Draw(img)
    for y in range(y0, y1):
        t = (y - y0) / max(1, y1 - y0 - 1)
        draw.line([(0, y), (W, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom,
                                                                                    strict=True)))


def _sky(img: Image.Image, horizon: int, mood: str = "day") -> None:
    top, bottom = {
        "day": ((70, 130, 200), (185, 215, 240)),
        "overcast": ((150, 158, 168), (205, 208, 212)),
        "morning": ((110, 150, 200), (235, 215, 185)),
    }[mood]
    _gradient(img, top, bottom, 0, horizon)


def _clouds(draw: ImageDraw.ImageDraw, rng: random.Random, horizon: int, n: int = 5) -> None:
    for _ in range(n):
        cx, cy = rng.randint(0, W), rng.randint(30, max(40, horizon - 180))
        for _ in range(6):
            r = rng.randint(25, 60)
            x, y = cx + rng.randint(-70, 70), cy + rng.randint(-15, 15)
            draw.ellipse([x - r * 1.6, y - r, x + r * 1.6, y + r], fill=(242, 244, 246))


def _mountains(draw: ImageDraw.ImageDraw, rng: random.Random, horizon: int) -> None:
    for layer, (color, height) in enumerate((((120, 110, 120), 260), ((95, 100, 85), 190),
                                             ((125, 115, 75), 120))):
        points = [(0, horizon)]
        x = -50
        while x < W + 100:
            peak = horizon - rng.randint(height // 3, height)
            points.append((x, peak))
            if layer == 0 and peak < horizon - height * 0.8:
                draw.polygon([(x - 40, peak + 35), (x, peak), (x + 40, peak + 35)],
                             fill=(245, 245, 250))
            x += rng.randint(90, 200)
        points.append((W, horizon))
        draw.polygon(points, fill=color)
        if layer == 0:  # snow caps drawn before the layer would be hidden; redraw tops
            for (px, py) in points[1:-1]:
                if py < horizon - height * 0.8:
                    draw.polygon([(px - 30, py + 28), (px, py), (px + 30, py + 28)],
                                 fill=(240, 242, 248))


def _ground(img: Image.Image, horizon: int, near: Color, far: Color) -> None:
    _gradient(img, far, near, horizon, H)


def _grass(draw: ImageDraw.ImageDraw, rng: random.Random, y0: int, y1: int,
           color: Color = (170, 150, 70), n: int = 500) -> None:
    for _ in range(n):
        x, y = rng.randint(0, W), rng.randint(y0, y1)
        size = 3 + (y - y0) * 14 // max(1, y1 - y0)
        shade = tuple(max(0, min(255, c + rng.randint(-25, 25))) for c in color)
        draw.line([(x, y), (x + rng.randint(-4, 4), y - size)], fill=shade, width=2)


def _person(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, y: int, scale: float,
            seated: bool = False, body: Color | None = None, hat: bool = True,
            face: Color | None = None) -> None:
    """A simple figure standing (or seated) with its feet at (x, y)."""
    body = body or rng.choice(PONCHO)
    face = face or rng.choice(SKIN)
    h = (70 if seated else 110) * scale
    head_r = 11 * scale
    top = y - h
    draw.polygon([(x - 22 * scale, y), (x + 22 * scale, y), (x + 8 * scale, top + head_r * 2),
                  (x - 8 * scale, top + head_r * 2)], fill=body)
    for stripe in range(2):
        sy = top + head_r * 2 + (h - head_r * 2) * (0.45 + 0.2 * stripe)
        half = 8 * scale + (22 - 8) * scale * (sy - top - head_r * 2) / (h - head_r * 2)
        draw.line([(x - half, sy), (x + half, sy)], fill=(240, 220, 120),
                  width=max(1, int(scale * 2)))
    draw.ellipse([x - head_r, top, x + head_r, top + head_r * 2], fill=face)
    if hat:
        draw.rectangle([x - head_r * 1.7, top + head_r * 0.2, x + head_r * 1.7,
                        top + head_r * 0.45], fill=(60, 45, 35))
        draw.rectangle([x - head_r * 0.9, top - head_r * 0.6, x + head_r * 0.9,
                        top + head_r * 0.3], fill=(60, 45, 35))


def _road(draw: ImageDraw.ImageDraw, horizon: int, vanish_x: int = 640) -> None:
    draw.polygon([(vanish_x - 12, horizon), (vanish_x + 12, horizon), (1050, H), (150, H)],
                 fill=(92, 92, 96))
    for i in range(12):
        t0, t1 = (i / 12) ** 2, ((i + 0.5) / 12) ** 2
        y0, y1 = horizon + (H - horizon) * t0, horizon + (H - horizon) * t1
        x0 = vanish_x + (600 - vanish_x) * t0
        x1 = vanish_x + (600 - vanish_x) * t1
        draw.line([(x0, y0), (x1, y1)], fill=(230, 210, 90), width=max(1, int(1 + 8 * t1)))


def _pickup(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, color: Color) -> None:
    w, h = 220 * scale, 70 * scale
    draw.rectangle([x, y - h, x + w, y], fill=color, outline=(60, 60, 60))
    draw.polygon([(x + w * 0.45, y - h), (x + w * 0.55, y - h * 1.7), (x + w * 0.85, y - h * 1.7),
                  (x + w * 0.95, y - h)], fill=color, outline=(60, 60, 60))
    draw.polygon([(x + w * 0.58, y - h * 1.05), (x + w * 0.6, y - h * 1.55),
                  (x + w * 0.82, y - h * 1.55), (x + w * 0.9, y - h * 1.05)], fill=(70, 90, 110))
    for wx in (x + w * 0.2, x + w * 0.8):
        r = 24 * scale
        draw.ellipse([wx - r, y - r, wx + r, y + r], fill=(25, 25, 25))
        draw.ellipse([wx - r / 2, y - r / 2, wx + r / 2, y + r / 2], fill=(150, 150, 150))


def _stones(draw: ImageDraw.ImageDraw, rng: random.Random, y0: int, y1: int, x0: int, x1: int,
            n: int) -> None:
    for _ in range(n):
        x, y = rng.randint(x0, x1), rng.randint(y0, y1)
        r = 4 + (y - y0) * 18 // max(1, y1 - y0)
        grey = rng.randint(90, 150)
        draw.ellipse([x - r * 1.3, y - r, x + r * 1.3, y + r * 0.6],
                     fill=(grey, grey - 8, grey - 20))


def _whipala(draw: ImageDraw.ImageDraw, x: int, y: int, size: int) -> None:
    cell = size / 7
    for r in range(7):
        for c in range(7):
            draw.rectangle([x + c * cell, y + r * cell, x + (c + 1) * cell, y + (r + 1) * cell],
                           fill=WHIPALA[(c - r) % 7])
    draw.line([(x, y), (x, y + size * 2.2)], fill=(90, 60, 30), width=5)


def _banner(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str,
            fill: Color = (245, 240, 225), ink: Color = (170, 20, 30)) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=fill, outline=(120, 100, 80), width=3)
    size = 44
    font = _font(size)
    while font.getbbox(text)[2] > (x1 - x0) - 30 and size > 12:
        size -= 2
        font = _font(size)
    bbox = font.getbbox(text)
    tx = x0 + ((x1 - x0) - (bbox[2] - bbox[0])) / 2
    ty = y0 + ((y1 - y0) - (bbox[3] - bbox[1])) / 2 - bbox[1]
    draw.text((tx, ty), text, font=font, fill=ink)


def _landscape(img: Image.Image, rng: random.Random, horizon: int, mood: str = "day") -> None:
    draw = ImageDraw.Draw(img)
    _sky(img, horizon, mood)
    _clouds(draw, rng, horizon, 4 if mood == "day" else 9)
    _mountains(draw, rng, horizon)
    _ground(img, horizon, (150, 130, 70), (130, 125, 80))
    _grass(draw, rng, horizon + 5, H)


# -- scenes -------------------------------------------------------------------------------


def _blockade(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    horizon = 380
    _landscape(img, rng, horizon)
    draw = ImageDraw.Draw(img)
    _road(draw, horizon)
    for side in (-1, 1):  # bridge railings
        x_near, x_far = 640 + side * 480, 640 + side * 110
        draw.line([(x_far, horizon + 60), (x_near, H - 60)], fill=(170, 170, 165), width=10)
        for i in range(10):
            t = i / 9
            px = x_far + (x_near - x_far) * t
            py = horizon + 60 + (H - 120 - horizon) * t
            draw.line([(px, py), (px, py + 20 + 40 * t)], fill=(160, 160, 155),
                      width=int(3 + 6 * t))
    _stones(draw, rng, horizon + 80, H - 40, 300, 900, 40)
    for i in range(16):  # seated protesters across the road
        row = i // 8
        x = 330 + (i % 8) * 75 + rng.randint(-15, 15) + row * 30
        y = 560 + row * 90 + rng.randint(-8, 8)
        _person(draw, rng, x, y, 0.9 + row * 0.35, seated=True)
    _banner(draw, (300, 420, 900, 490), spec.text or "YAKUQA KAWSAYMI")
    _whipala(draw, 940, 380, 90)


def _police_line(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    horizon = 360
    _landscape(img, rng, horizon, "overcast")
    draw = ImageDraw.Draw(img)
    _road(draw, horizon)
    _pickup(draw, 880, 600, 1.3, (235, 235, 232))
    _pickup(draw, 120, 520, 0.8, (40, 70, 50))
    for i in range(9):
        x = 260 + i * 70 + rng.randint(-8, 8)
        y = 640 + rng.randint(-10, 10)
        _person(draw, rng, x, y, 1.5, body=(55, 75, 55), hat=False, face=(40, 45, 40))
        draw.rectangle([x - 26, y - 120, x + 26, y - 20], fill=(175, 185, 195),
                       outline=(90, 100, 110), width=3)
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    odraw = ImageDraw.Draw(overlay)
    for _ in range(26):  # tear gas drifting across the road
        x, y, r = rng.randint(150, 1100), rng.randint(300, 600), rng.randint(50, 140)
        odraw.ellipse([x - r * 1.4, y - r, x + r * 1.4, y + r], fill=(235, 235, 225, 70))
    img.paste(Image.alpha_composite(img.convert("RGBA"), overlay).convert("RGB"))
    draw = ImageDraw.Draw(img)
    for _ in range(5):
        x, y = rng.randint(300, 900), rng.randint(380, 480)
        draw.arc([x - 80, y - 60, x + 80, y + 60], 200, 330, fill=(200, 200, 195), width=4)


def _strip(cx: float, cy: float, angle: float, a: float, b: float,
           half: float) -> list[tuple[float, float]]:
    """The corners of a band of half-width ``half`` along a line through (cx, cy), from a
    to b along the line's direction."""
    dx, dy = math.cos(angle), math.sin(angle)
    nx, ny = -dy, dx
    return [(cx + dx * a + nx * half, cy + dy * a + ny * half),
            (cx + dx * b + nx * half, cy + dy * b + ny * half),
            (cx + dx * b - nx * half, cy + dy * b - ny * half),
            (cx + dx * a - nx * half, cy + dy * a - ny * half)]


def _cartridges(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    img.paste((82, 82, 86), (0, 0, W, H))
    draw = ImageDraw.Draw(img)
    for _ in range(9000):  # asphalt grain
        x, y = rng.randint(0, W), rng.randint(0, H)
        g = rng.randint(55, 130)
        draw.point((x, y), fill=(g, g, g + 3))
    for _ in range(120):
        x, y, r = rng.randint(0, W), rng.randint(0, H), rng.randint(2, 6)
        g = rng.randint(100, 160)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(g, g - 5, g - 10))
    for _ in range(6):
        cx, cy = rng.randint(200, 1000), rng.randint(180, 620)
        angle = rng.uniform(0, math.pi)
        length, half = 150, 21
        shell = _strip(cx, cy, angle, -length / 2, length / 4, half)
        draw.polygon(shell, fill=(180, 25, 30), outline=(110, 10, 15))
        draw.polygon(_strip(cx, cy, angle, length / 4, length / 2, half), fill=(200, 165, 70),
                     outline=(120, 95, 30))
        draw.line([shell[0], shell[1]], fill=(225, 90, 90), width=4)
    draw.ellipse([1010, 620, 1130, 740], fill=(190, 160, 80), outline=(120, 95, 40), width=4)
    draw.ellipse([1035, 645, 1105, 715], outline=(150, 120, 55), width=3)
    draw.text((1048, 660), "1", font=_font(40), fill=(120, 95, 40))


def _injury(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    _gradient(img, (60, 40, 70), (35, 25, 45), 0, H)  # a dark blanket
    draw = ImageDraw.Draw(img)
    for i in range(0, W, 40):
        draw.line([(i, 0), (i + 200, H)], fill=(75, 50, 85), width=6)
    skin = (168, 112, 78)
    draw.polygon([(80, 300), (1150, 240), (1180, 470), (90, 560)], fill=skin)
    draw.ellipse([20, 290, 200, 570], fill=skin)
    draw.ellipse([1040, 220, 1200, 490], fill=(158, 104, 72))
    for _ in range(60):  # shading
        x, y = rng.randint(100, 1100), rng.randint(280, 520)
        draw.ellipse([x - 30, y - 8, x + 30, y + 8], fill=(160, 106, 74))
    for _ in range(17):  # small wounds
        x, y = rng.randint(380, 880), rng.randint(330, 470)
        draw.ellipse([x - 13, y - 13, x + 13, y + 13], fill=(120, 40, 40))
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=(70, 10, 15))
    draw.rectangle([930, 250, 1010, 520], fill=(235, 235, 228))
    for y in range(255, 520, 18):
        draw.line([(930, y), (1010, y + 6)], fill=(210, 210, 200), width=2)


def _assembly(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    horizon = 430
    _sky(img, horizon, "day")
    draw = ImageDraw.Draw(img)
    _clouds(draw, rng, horizon, 3)
    _mountains(draw, rng, horizon - 80)
    draw.rectangle([100, 170, 1100, 520], fill=(165, 115, 75))  # adobe hall
    for y in range(180, 520, 24):
        offset = 0 if (y // 24) % 2 else 30
        for x in range(100 + offset, 1100, 60):
            draw.rectangle([x, y, x + 56, y + 20], outline=(140, 95, 60))
    draw.polygon([(80, 175), (600, 90), (1120, 175)], fill=(150, 60, 40))
    draw.rectangle([540, 330, 660, 520], fill=(90, 60, 35))
    _banner(draw, (330, 200, 870, 255), "LOCAL COMUNAL - ASAMBLEA GENERAL", fill=(240, 235, 220),
            ink=(40, 40, 40))
    _ground(img, 520, (120, 110, 70), (140, 125, 80))
    draw = ImageDraw.Draw(img)
    _grass(draw, rng, 520, H, (150, 140, 70), 300)
    for row in range(3):
        for i in range(14 - row * 2):
            x = 90 + i * (80 + row * 12) + rng.randint(-10, 10) + row * 40
            y = 560 + row * 80
            _person(draw, rng, x, y, 1.0 + row * 0.35)
    # The person in front whose face is redacted (the demo's redaction region covers it).
    fx, fy = int(0.65 * W), int(0.365 * H)
    draw.polygon([(fx - 70, H), (fx + 70, H), (fx + 35, fy + 70), (fx - 35, fy + 70)],
                 fill=(40, 90, 160))
    draw.ellipse([fx - 48, fy - 60, fx + 48, fy + 70], fill=SKIN[1])
    draw.ellipse([fx - 25, fy - 10, fx - 11, fy + 2], fill=(30, 20, 15))
    draw.ellipse([fx + 11, fy - 10, fx + 25, fy + 2], fill=(30, 20, 15))
    draw.arc([fx - 22, fy + 15, fx + 22, fy + 45], 20, 160, fill=(90, 40, 35), width=4)
    draw.chord([fx - 50, fy - 75, fx + 50, fy - 15], 180, 360, fill=(200, 50, 60))


def _canal(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    horizon = 300
    _landscape(img, rng, horizon, "morning")
    draw = ImageDraw.Draw(img)
    # The sedimentation pond's embankment on the far slope, the canal winding down from it.
    draw.polygon([(760, horizon - 40), (1010, horizon - 55), (1060, horizon + 5),
                  (720, horizon + 15)], fill=(150, 140, 120))
    draw.polygon([(785, horizon - 35), (1000, horizon - 47), (1030, horizon - 10),
                  (760, horizon - 5)], fill=(120, 85, 60))
    centre = [(760 - 140 * math.sin(t / 3.0) * (t / 9),
               horizon + 10 + (H - horizon) * (t / 9) ** 1.6) for t in range(10)]
    left = [(x - (10 + 190 * ((y - horizon) / (H - horizon))), y) for x, y in centre]
    right = [(x + (10 + 190 * ((y - horizon) / (H - horizon))), y) for x, y in centre]
    for side, edge in ((-1, left), (1, right)):  # grassy banks and stone edging
        for (x, y) in edge:
            r = 6 + 26 * ((y - horizon) / (H - horizon))
            g = rng.randint(110, 160)
            draw.ellipse([x - r + side * r * 0.5, y - r * 0.6, x + r + side * r * 0.5,
                          y + r * 0.6], fill=(g, g - 10, g - 25))
    draw.polygon(left + right[::-1], fill=(132, 78, 44))
    for _ in range(90):  # muddy swirls and light on the water
        t = rng.random() * 9
        i = int(t)
        x0, y0 = centre[i]
        x1, y1 = centre[min(9, i + 1)]
        x, y = x0 + (x1 - x0) * (t - i), y0 + (y1 - y0) * (t - i)
        half = 8 + 170 * ((y - horizon) / (H - horizon))
        x += rng.uniform(-half * 0.8, half * 0.8)
        color = rng.choice([(168, 100, 58), (110, 62, 35), (190, 150, 120)])
        draw.arc([x - 10 - half * 0.25, y - 3, x + 10 + half * 0.25, y + 3], 0, 180,
                 fill=color, width=2)


def _trout(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    _gradient(img, (110, 90, 60), (80, 62, 40), 0, H)  # mud bank
    draw = ImageDraw.Draw(img)
    draw.polygon([(0, 0), (W, 0), (W, 170), (0, 240)], fill=(150, 82, 48))  # water edge
    for _ in range(30):
        x, y = rng.randint(0, W), rng.randint(10, 180)
        draw.arc([x - 40, y - 5, x + 40, y + 5], 0, 180, fill=(175, 105, 65), width=2)
    _grass(draw, rng, 600, H, (110, 120, 50), 200)
    for _ in range(5):
        cx, cy = rng.randint(200, 1000), rng.randint(300, 620)
        length = rng.randint(180, 260)
        flip = rng.choice((-1, 1))
        body = [cx - length / 2, cy - length / 8, cx + length / 2, cy + length / 8]
        draw.ellipse(body, fill=(170, 175, 170), outline=(90, 95, 90), width=2)
        draw.chord([body[0], cy - length / 8, body[2], cy + length / 8], 0, 180,
                   fill=(205, 200, 190))
        tail_x = cx + flip * length / 2
        draw.polygon([(tail_x, cy), (tail_x + flip * 50, cy - 30), (tail_x + flip * 50, cy + 30)],
                     fill=(140, 145, 140))
        eye_x = cx - flip * length * 0.38
        draw.ellipse([eye_x - 7, cy - 12, eye_x + 7, cy + 2], fill=(230, 230, 220))
        draw.ellipse([eye_x - 3, cy - 8, eye_x + 3, cy - 2], fill=(20, 20, 20))
        for _ in range(14):
            sx = rng.uniform(cx - length * 0.35, cx + length * 0.35)
            sy = rng.uniform(cy - length / 12, cy)
            draw.ellipse([sx - 3, sy - 3, sx + 3, sy + 3], fill=(60, 60, 70))
        draw.line([(cx - length * 0.4, cy + 2), (cx + length * 0.4, cy + 2)],
                  fill=(200, 120, 140), width=5)


def _fence(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    horizon = 400
    _landscape(img, rng, horizon, "overcast")
    draw = ImageDraw.Draw(img)
    posts = [(60 + i * 150, 450 + i * 25) for i in range(8)]
    for x, y in posts:
        draw.rectangle([x - 8, y - 220, x + 8, y + 60], fill=(110, 80, 50))
    for k in range(5):
        draw.line([(x, y - 200 + k * 45) for x, y in posts], fill=(70, 70, 75), width=2)
        for (x0, y0), (x1, y1) in itertools.pairwise(posts):
            for t in (0.25, 0.5, 0.75):
                bx = x0 + (x1 - x0) * t
                by = y0 - 200 + k * 45 + (y1 - y0) * t
                draw.line([(bx - 5, by - 5), (bx + 5, by + 5)], fill=(60, 60, 60), width=2)
                draw.line([(bx - 5, by + 5), (bx + 5, by - 5)], fill=(60, 60, 60), width=2)
    draw.rectangle([555, 240, 575, 560], fill=(100, 75, 45))
    _banner(draw, (330, 200, 800, 330), "PROPIEDAD PRIVADA", fill=(250, 250, 245),
            ink=(190, 20, 20))
    small = (spec.text or "").replace("PROPIEDAD PRIVADA - ", "")
    if small:
        _banner(draw, (330, 330, 800, 380), small, fill=(250, 250, 245), ink=(30, 30, 30))
    for _ in range(4):  # alpacas grazing on the other side
        x, y = rng.randint(700, 1150), rng.randint(420, 470)
        col = rng.choice([(235, 225, 205), (120, 80, 50), (60, 45, 35)])
        draw.ellipse([x - 30, y - 18, x + 30, y + 14], fill=col)
        draw.rectangle([x + 18, y - 50, x + 28, y - 5], fill=col)
        draw.ellipse([x + 14, y - 62, x + 36, y - 46], fill=col)
        for lx in (x - 20, x - 8, x + 8, x + 20):
            draw.line([(lx, y + 10), (lx, y + 35)], fill=col, width=4)


def _sampling(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    horizon = 260
    _landscape(img, rng, horizon, "day")
    draw = ImageDraw.Draw(img)
    draw.polygon([(0, 520), (W, 480), (W, H), (0, H)], fill=(160, 110, 70))  # cloudy water
    for _ in range(50):
        x, y = rng.randint(0, W), rng.randint(500, H)
        draw.arc([x - 30, y - 4, x + 30, y + 4], 0, 180, fill=(185, 135, 90), width=2)
    _person(draw, rng, 430, 560, 3.0, body=(30, 80, 60), hat=True)
    draw.line([(470, 340), (620, 520)], fill=(40, 110, 200), width=26)  # gloved arm
    draw.ellipse([600, 500, 650, 550], fill=(40, 110, 200))
    draw.rounded_rectangle([620, 470, 700, 640], radius=14, fill=(215, 230, 235),
                           outline=(150, 170, 180), width=3)
    draw.rectangle([620, 560, 700, 640], fill=(175, 120, 80))
    draw.rectangle([640, 445, 680, 472], fill=(30, 60, 150))
    draw.rectangle([628, 500, 692, 540], fill=(255, 255, 255))
    draw.text((634, 506), "SP-02", font=_font(22), fill=(20, 20, 20))
    draw.rectangle([860, 520, 1080, 640], fill=(30, 100, 170), outline=(20, 60, 110), width=4)
    draw.text((880, 560), "YAKU ÑAN", font=_font(30), fill=(240, 240, 240))


def _graffiti(img: Image.Image, rng: random.Random, spec: PhotoSpec) -> None:
    _gradient(img, (178, 128, 86), (150, 105, 70), 0, 640)  # adobe wall
    draw = ImageDraw.Draw(img)
    for y in range(0, 640, 40):
        offset = 0 if (y // 40) % 2 else 55
        for x in range(-55 + offset, W, 110):
            shade = rng.randint(-12, 12)
            draw.rectangle([x, y, x + 106, y + 36], fill=(165 + shade, 118 + shade, 80 + shade),
                           outline=(130, 90, 58))
    draw.rectangle([880, 180, 1060, 640], fill=(95, 65, 40), outline=(60, 40, 25), width=6)
    draw.rectangle([0, 640, W, H], fill=(120, 100, 75))
    _grass(draw, rng, 650, H, (120, 110, 60), 150)
    words = (spec.text or "").split()
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) > 14 and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    font = _font(92)
    for i, text in enumerate(lines):
        x, y = 70 + rng.randint(-10, 10), 120 + i * 130
        for dx, dy in ((0, 0), (2, 1), (-1, 2)):
            draw.text((x + dx, y + dy), text, font=font, fill=(170, 20, 25))
        for _ in range(6):  # paint drips
            px = rng.randint(x, x + 700)
            draw.line([(px, y + 95), (px, y + 95 + rng.randint(10, 40))], fill=(160, 20, 25),
                      width=4)


SCENES: dict[str, Callable[[Image.Image, random.Random, PhotoSpec], None]] = {
    "blockade": _blockade, "police_line": _police_line, "cartridges": _cartridges,
    "injury": _injury, "assembly": _assembly, "canal": _canal, "trout": _trout,
    "fence": _fence, "sampling": _sampling, "graffiti": _graffiti,
}


# -- EXIF and JPEG ------------------------------------------------------------------------


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    return float(degrees), float(minutes), round((minutes_full - minutes) * 60, 4)


def exif_bytes(spec: PhotoSpec) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = spec.make  # Make
    exif[0x0110] = spec.model  # Model
    exif[0x0112] = 1  # Orientation: as drawn
    stamp = spec.taken.replace("-", ":", 2).replace("T", " ")
    exif[0x0132] = stamp  # DateTime
    sub = exif.get_ifd(IFD.Exif)
    sub[0x9003] = stamp  # DateTimeOriginal
    sub[0x9004] = stamp  # DateTimeDigitized
    sub[0x9010] = spec.offset  # OffsetTime
    sub[0x9011] = spec.offset  # OffsetTimeOriginal
    if spec.lat is not None and spec.lon is not None:
        gps = exif.get_ifd(IFD.GPSInfo)
        gps[0x0000] = b"\x02\x03\x00\x00"  # GPSVersionID 2.3
        gps[0x0001] = "S" if spec.lat < 0 else "N"
        gps[0x0002] = _dms(spec.lat)
        gps[0x0003] = "W" if spec.lon < 0 else "E"
        gps[0x0004] = _dms(spec.lon)
        if spec.alt is not None:
            gps[0x0005] = b"\x00" if spec.alt >= 0 else b"\x01"  # above / below sea level
            gps[0x0006] = abs(spec.alt)
    return exif.tobytes()


def render(spec: PhotoSpec) -> bytes:
    """The JPEG bytes of one demo photo (deterministic for a given spec)."""
    rng = random.Random(spec.seed)  # noqa: S311 (a repeatable drawing, not a secret)
    img = Image.new("RGB", (W, H), (128, 128, 128))
    SCENES[spec.scene](img, rng, spec)
    grain = Image.effect_noise((W // 3, H // 3), 28).resize((W, H)).convert("RGB")
    img = Image.blend(img, grain, 0.06).filter(ImageFilter.GaussianBlur(0.7))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88, exif=exif_bytes(spec))
    return out.getvalue()


__all__ = ["SCENES", "PhotoSpec", "exif_bytes", "render"]
