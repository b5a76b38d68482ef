"""Draw the synthetic collection photographs of a fictional museum, with the problems real ones have.

    python datasets/collection_photos/generate.py            # writes photos/ and catalogue.csv here
    python datasets/collection_photos/generate.py --out DIR  # writes them elsewhere

Every picture is drawn by this script (numpy and Pillow) from a seeded random model: objects on a
studio backdrop, with shading, texture and a little sensor noise. Then each file gets one of the
problems of real collection photos: an EXIF orientation tag (phone photos), a size from a
thumbnail to more than 12 megapixels, transparency, greyscale, CMYK, a wide-gamut ICC profile,
a messy file name, or no metadata at all. See DATASHEET.md. Nothing here shows a real object.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import struct
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageDraw, ImageFilter

SEED = 20260301
HERE = Path(__file__).resolve().parent
MUSEUM = "Stadsmuseum Lindenhove"
WORK_LONG_SIDE = 1400  # scenes are drawn at most this large, then scaled to the file's size

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
PDM = "http://creativecommons.org/publicdomain/mark/1.0/"
BY = "http://creativecommons.org/licenses/by/4.0/"
BY_SA = "http://creativecommons.org/licenses/by-sa/4.0/"
BY_NC = "http://creativecommons.org/licenses/by-nc/4.0/"
BY_NC_ND = "http://creativecommons.org/licenses/by-nc-nd/4.0/"
INC = "http://rightsstatements.org/vocab/InC/1.0/"
INC_EDU = "http://rightsstatements.org/vocab/InC-EDU/1.0/"
NOC_NC = "http://rightsstatements.org/vocab/NoC-NC/1.0/"
LICENCE_NAMES = {CC0: "CC0 1.0", PDM: "Public Domain Mark", BY: "CC BY 4.0", BY_SA: "CC BY-SA 4.0",
                 BY_NC: "CC BY-NC 4.0", BY_NC_ND: "CC BY-NC-ND 4.0", INC: "In Copyright",
                 INC_EDU: "In Copyright - Educational Use Permitted",
                 NOC_NC: "No Copyright - Non-Commercial Use Only"}

# One row per photograph. size is the size of the picture as a person sees it (upright).
# kind: how the file is written (see write_photo); orientation: the EXIF tag of phone photos.
PHOTOS = [
    # file, kind, (width, height), orientation, object, inventory number, title, maker, date,
    # photographer, licence
    ("IMG_0023.JPG", "phone", (3024, 4032), 6, "vase", "LHM.2019.014", "Vase with blue glaze",
     "Atelier De Smet", "c. 1925", "An Peeters", BY),
    ("IMG_0024.JPG", "phone", (1512, 2016), 8, "statuette", "LHM.2019.015",
     "Statuette of a dancer", "Unknown maker", "1890-1910", "An Peeters", BY),
    ("IMG_0031.jpeg", "phone", (1600, 1200), 3, "clock", "LHM.2020.002", "Mantel clock",
     "Horlogerie Van Acker", "1902", "An Peeters", CC0),
    ("IMG_0040.JPG", "phone", (1600, 1200), 1, "teapot", "LHM.2020.007", "Teapot with flower decoration",
     "Boch Frères", "c. 1930", "Jonas Claes", BY_SA),
    ("IMG_0102.JPG", "phone", (1944, 2592), 6, "bottle", "LHM.2021.031", "Green glass bottle",
     "Glasblazerij Lindenhove", "1870s", "Jonas Claes", PDM),
    ("DSC 4471.JPG", "camera", (3000, 2000), 0, "painting", "LHM 1987/22",
     "View of the river Linde", "Marie Verhaeghe", "1911", "Stefaan Wouters", PDM),
    ("DSC 4472.JPG", "camera", (2000, 3000), 0, "chair", "LHM 1987/23", "Café chair",
     "Thonet (attributed)", "c. 1900", "Stefaan Wouters", INC_EDU),
    ("Vase blue glaze FINAL.jpg", "wide_gamut", (1800, 2400), 0, "vase2", "LHM.2019.016",
     "Tall vase with crackle glaze", "Atelier De Smet", "c. 1928", "An Peeters", BY),
    ("coin obverse.png", "cutout", (800, 800), 0, "coin", "LHM.2005.101",
     "Token of the Lindenhove guild, obverse", "Unknown maker", "1750-1800", "", CC0),
    ("GLASS NEGATIVE 1923.jpg", "grey", (1400, 1050), 0, "negative", "LHM.F.1923.004",
     "Market square on a Saturday (glass negative)", "Photo studio Declercq", "1923", "", PDM),
    ("poster print CMYK.jpg", "cmyk", (1500, 2100), 0, "poster", "LHM.2011.040",
     "Poster for the Café-Brasserie 'De Zwaan'", "Drukkerij Sint-Jan", "1911", "Jonas Claes", INC),
    ("thumb_chair.jpg", "plain", (160, 120), 0, "chair", "LHM 1987/24", "Child's chair",
     "Unknown maker", "", "", BY),
    ("web_spoon.jpg", "plain", (400, 300), 0, "spoon", "LHM.2003.005a", "Silver spoon",
     "Zilversmid Maes", "1865", "", CC0),
    ("jug-photo-old-website.jpg", "plain", (640, 480), 0, "jug", "LHM.2003.006",
     "Stoneware jug", "Unknown maker", "18th century", "", BY),
    ("tile_scan.tif", "scan", (1000, 750), 0, "tile", "LHM.2012.118", "Wall tile with a lily",
     "Tegelfabriek Hemiksem", "c. 1905", "", BY_NC),
    ("textile_detail.jpg", "plain", (900, 600), 0, "textile", "LHM.2016.210",
     "Woven table cloth (detail)", "Weverij Lindenhove", "1950s", "Stefaan Wouters", BY),
    ("bowl.JPG", "plain", (1200, 800), 0, "bowl", "LHM.2018.077", "Fruit bowl",
     "Atelier De Smet", "1931", "Stefaan Wouters", BY),
    ("Book cover (front).jpg", "plain", (1190, 800), 0, "book", "LHM.B.0452",
     "Guest book of the town hall", "Unknown maker", "1898-1912", "Jonas Claes", NOC_NC),
    ("lamp 2.jpeg", "plain", (1199, 792), 0, "lamp", "LHM.2022.003", "Desk lamp", "Unknown maker",
     "c. 1935", "Jonas Claes", CC0),
    ("medal.jpg", "camera", (2400, 1600), 0, "medal", "LHM.2005.140",
     "Medal of the Lindenhove fair", "Médaillerie Fonson", "1913", "Stefaan Wouters", BY_NC_ND),
    ("Statuette_side VIEW.jpg", "plain", (1024, 1536), 0, "statuette", "LHM.2019.015",
     "Statuette of a dancer (side view)", "Unknown maker", "1890-1910", "An Peeters", BY),
    ("bottle_green.webp", "plain", (1000, 1500), 0, "bottle", "LHM.2021.032",
     "Small green bottle", "Glasblazerij Lindenhove", "1870s", "Jonas Claes", PDM),
]

BACKDROPS = [((206, 208, 212), (150, 152, 158)), ((225, 220, 210), (170, 162, 150)),
             ((60, 64, 72), (25, 27, 32)), ((210, 214, 220), (120, 128, 140))]
COLOURS = {
    "vase": (40, 80, 160), "vase2": (60, 120, 150), "statuette": (200, 190, 170),
    "clock": (120, 80, 45), "teapot": (235, 232, 222), "bottle": (40, 120, 70),
    "painting": (170, 140, 60), "chair": (90, 55, 30), "coin": (190, 150, 60),
    "negative": (128, 128, 128), "poster": (200, 60, 40), "spoon": (190, 192, 198),
    "jug": (150, 120, 90), "tile": (230, 226, 210), "textile": (170, 40, 50),
    "bowl": (210, 170, 70), "book": (90, 30, 35), "lamp": (60, 110, 90), "medal": (176, 141, 87),
}


# ---------------------------------------------------------------- drawing


def smooth_noise(rng: np.random.Generator, size: tuple[int, int], cells: int) -> np.ndarray:
    """Low-frequency noise in [-1, 1]: a small random grid, enlarged smoothly."""
    w, h = size
    grid = rng.normal(size=(max(2, cells * h // max(w, h) + 2), cells + 2)).astype(np.float32)
    img = Image.fromarray(grid, mode="F").resize((w, h), Image.Resampling.BICUBIC)
    arr = np.asarray(img)
    return arr / (np.abs(arr).max() + 1e-6)


def backdrop(rng: np.random.Generator, size: tuple[int, int], index: int) -> np.ndarray:
    """A studio backdrop: a vertical gradient with a vignette and a soft, uneven light."""
    w, h = size
    top, bottom = (np.array(c, dtype=np.float32) for c in BACKDROPS[index % len(BACKDROPS)])
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    img = top * (1 - y) + bottom * y
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.hypot((xx - w / 2) / (w / 2), (yy - h / 2) / (h / 2))
    img = img * (1 - 0.18 * np.clip(r - 0.4, 0, None) ** 1.5)[..., None]
    img = img * (1 + 0.04 * smooth_noise(rng, size, 4))[..., None]
    return img


def lathe(profile, height: float) -> list[tuple[float, float]]:
    """Outline of a turned object (vase, bottle): radius as a function of height, mirrored."""
    ys = np.linspace(0, 1, 60)
    right = [(0.5 + profile(t) / 2, t * height) for t in ys]
    left = [(0.5 - profile(t) / 2, t * height) for t in ys[::-1]]
    return right + left


PROFILES = {
    "vase": lambda t: 0.35 + 0.55 * math.sin(math.pi * (0.15 + 0.8 * t)) ** 2 * (t > 0.12) + 0.05,
    "vase2": lambda t: 0.3 + 0.3 * math.sin(math.pi * t) + 0.15 * (t < 0.08),
    "bottle": lambda t: 0.28 if t < 0.32 else 0.28 + 0.7 * min(1.0, (t - 0.32) * 4),
    "bowl": lambda t: (1.0 - 0.6 * t ** 1.5) if t < 0.88 else 0.3,
    "jug": lambda t: 0.5 + 0.4 * math.sin(math.pi * (0.2 + 0.75 * t)),
    "teapot": lambda t: 0.25 if t < 0.12 else 0.85 * math.sin(math.pi * (0.1 + 0.85 * t)),
    "lamp": lambda t: (0.9 - 0.5 * t / 0.35) if t < 0.35 else (0.07 if t < 0.9 else 0.45),
}
OBJECT_BOX = {  # (width, height) of the object as a share of the picture's short side
    "vase": (0.45, 0.8), "vase2": (0.4, 0.85), "bottle": (0.3, 0.8), "bowl": (0.75, 0.4),
    "jug": (0.5, 0.65), "teapot": (0.65, 0.55), "lamp": (0.5, 0.8), "statuette": (0.3, 0.85),
    "clock": (0.6, 0.6), "painting": (0.9, 0.65), "chair": (0.5, 0.85), "coin": (0.75, 0.75),
    "spoon": (0.8, 0.3), "tile": (0.65, 0.65), "textile": (0.9, 0.7), "book": (0.55, 0.75),
    "medal": (0.6, 0.7), "poster": (0.75, 0.9), "negative": (1.0, 1.0),
}


def object_mask(kind: str, box: tuple[int, int]) -> tuple[Image.Image, Image.Image]:
    """The object's silhouette and a mask of its darker details, both in an object-sized box."""
    bw, bh = box
    mask = Image.new("L", box, 0)
    detail = Image.new("L", box, 0)
    d, dd = ImageDraw.Draw(mask), ImageDraw.Draw(detail)

    def pts(points):
        return [(x * bw, y * bh) for x, y in points]

    if kind in PROFILES:
        d.polygon(pts(lathe(PROFILES[kind], 1.0)), fill=255)
        if kind == "teapot":
            d.polygon(pts([(0.85, 0.45), (1.0, 0.15), (1.0, 0.22), (0.9, 0.6)]), fill=255)
            d.arc([0.0, 0.25 * bh, 0.3 * bw, 0.75 * bh], 90, 270, fill=255, width=max(2, bw // 25))
            dd.ellipse([0.4 * bw, 0.45 * bh, 0.6 * bw, 0.6 * bh], fill=255)
        if kind == "jug":
            d.arc([0.72 * bw, 0.2 * bh, 1.0 * bw, 0.7 * bh], 270, 90, fill=255, width=max(2, bw // 18))
        if kind in ("vase", "vase2", "bowl"):
            for k in range(3):
                y = (0.35 + 0.15 * k) * bh
                dd.line([(0.1 * bw, y), (0.9 * bw, y)], fill=255, width=max(1, bh // 120))
    elif kind == "statuette":
        d.ellipse([0.38 * bw, 0.0, 0.62 * bw, 0.14 * bh], fill=255)
        d.polygon(pts([(0.35, 0.14), (0.65, 0.14), (0.8, 0.75), (0.2, 0.75)]), fill=255)
        d.line(pts([(0.4, 0.2), (0.0, 0.05)]), fill=255, width=max(2, bw // 12))
        d.line(pts([(0.6, 0.2), (1.0, 0.35)]), fill=255, width=max(2, bw // 12))
        d.rectangle([0.1 * bw, 0.85 * bh, 0.9 * bw, bh], fill=255)
        d.rectangle([0.35 * bw, 0.75 * bh, 0.65 * bw, 0.85 * bh], fill=255)
    elif kind in ("clock", "coin", "medal"):
        top = 0.15 * bh if kind == "medal" else 0
        d.ellipse([0, top, bw - 1, top + min(bw, bh - top) - 1], fill=255)
        r = min(bw, bh - top)
        dd.ellipse([0.08 * r, top + 0.08 * r, 0.92 * r, top + 0.92 * r], outline=255,
                   width=max(1, int(r // 60)))
        if kind == "medal":
            d.rectangle([0.35 * bw, 0, 0.65 * bw, top + 4], fill=255)
        if kind == "clock":
            c = (r / 2, r / 2)
            for k in range(12):
                a = k * math.pi / 6
                dd.line([(c[0] + 0.38 * r * math.cos(a), c[1] + 0.38 * r * math.sin(a)),
                         (c[0] + 0.44 * r * math.cos(a), c[1] + 0.44 * r * math.sin(a))],
                        fill=255, width=max(1, int(r // 80)))
            dd.line([c, (c[0] + 0.25 * r, c[1] - 0.1 * r)], fill=255, width=max(2, int(r // 50)))
            dd.line([c, (c[0] - 0.05 * r, c[1] - 0.36 * r)], fill=255, width=max(1, int(r // 80)))
        else:
            dd.ellipse([0.35 * r, top + 0.25 * r, 0.6 * r, top + 0.55 * r], fill=255)
            dd.rectangle([0.3 * r, top + 0.55 * r, 0.7 * r, top + 0.7 * r], fill=255)
    elif kind == "chair":
        w = max(2, bw // 14)
        d.rectangle([0.1 * bw, 0.5 * bh, 0.9 * bw, 0.56 * bh], fill=255)
        for x in (0.12, 0.82):
            d.rectangle([x * bw, 0.56 * bh, x * bw + w, bh], fill=255)
        d.rectangle([0.12 * bw, 0.0, 0.12 * bw + w, 0.5 * bh], fill=255)
        d.rectangle([0.82 * bw, 0.0, 0.82 * bw + w, 0.5 * bh], fill=255)
        d.ellipse([0.12 * bw, 0.02 * bh, 0.88 * bw, 0.3 * bh], outline=255, width=w)
    elif kind == "spoon":
        d.ellipse([0.0, 0.1 * bh, 0.35 * bw, 0.9 * bh], fill=255)
        d.polygon(pts([(0.3, 0.45), (1.0, 0.4), (1.0, 0.6), (0.3, 0.55)]), fill=255)
    elif kind in ("painting", "tile", "textile", "book", "poster", "negative"):
        d.rectangle([0, 0, bw - 1, bh - 1], fill=255)
        if kind == "painting":
            dd.rectangle([0.07 * bw, 0.09 * bh, 0.93 * bw, 0.91 * bh], fill=255)
        elif kind == "tile":
            dd.polygon(pts([(0.5, 0.1), (0.9, 0.5), (0.5, 0.9), (0.1, 0.5)]), outline=255,
                       width=max(2, bw // 60))
            dd.ellipse([0.4 * bw, 0.3 * bh, 0.6 * bw, 0.7 * bh], fill=255)
        elif kind == "textile":
            for k in range(0, 20, 2):
                dd.rectangle([0, k * bh / 20, bw, (k + 0.6) * bh / 20], fill=255)
        elif kind == "book":
            dd.rectangle([0, 0, 0.12 * bw, bh], fill=255)
            dd.rectangle([0.3 * bw, 0.2 * bh, 0.85 * bw, 0.35 * bh], outline=255,
                         width=max(1, bw // 100))
        elif kind == "poster":
            dd.rectangle([0.08 * bw, 0.06 * bh, 0.92 * bw, 0.22 * bh], fill=255)
            dd.ellipse([0.2 * bw, 0.3 * bh, 0.8 * bw, 0.75 * bh], fill=255)
            for k in range(4):
                dd.rectangle([0.15 * bw, (0.8 + 0.04 * k) * bh, (0.85 - 0.1 * k) * bw,
                              (0.82 + 0.04 * k) * bh], fill=255)
        elif kind == "negative":
            dd.polygon(pts([(0.0, 0.55), (0.2, 0.25), (0.45, 0.3), (0.6, 0.15), (0.8, 0.3),
                            (1.0, 0.25), (1.0, 0.62), (0.0, 0.62)]), fill=255)
            for k in range(7):
                x = 0.1 + 0.12 * k
                dd.ellipse([x * bw, 0.62 * bh, (x + 0.03) * bw, 0.67 * bh], fill=255)
                dd.rectangle([x * bw, 0.67 * bh, (x + 0.03) * bw, 0.8 * bh], fill=255)
    else:
        raise ValueError(f"no drawing for {kind!r}")
    return mask, detail


def scene(rng: np.random.Generator, kind: str, size: tuple[int, int], index: int
          ) -> tuple[Image.Image, Image.Image, tuple[float, float]]:
    """A photograph of one object: the picture, the object's silhouette and its centre
    (as fractions of the width and height)."""
    w, h = size
    img = backdrop(rng, size, index)
    short = min(w, h)
    fw, fh = OBJECT_BOX[kind]
    bw, bh = max(4, int(fw * short)), max(4, int(fh * short))
    bw, bh = min(bw, w), min(bh, h)
    cx = w / 2 + rng.uniform(-0.12, 0.12) * (w - bw) if w > bw else w / 2
    cy = h * 0.52 + rng.uniform(-0.08, 0.08) * (h - bh) if h > bh else h / 2
    x0 = int(np.clip(cx - bw / 2, 0, w - bw))
    y0 = int(np.clip(cy - bh / 2, 0, h - bh))
    mask, detail = object_mask(kind, (bw, bh))
    full = Image.new("L", size, 0)
    full.paste(mask, (x0, y0))
    full_detail = Image.new("L", size, 0)
    full_detail.paste(detail, (x0, y0))
    if kind != "negative":  # a soft shadow on the backdrop
        shadow = Image.new("L", size, 0)
        ImageDraw.Draw(shadow).ellipse([x0 - bw * 0.05, y0 + bh * 0.93, x0 + bw * 1.15, y0 + bh * 1.04],
                                       fill=150)
        shadow = shadow.filter(ImageFilter.GaussianBlur(max(1, short // 40)))
        img = img * (1 - 0.45 * np.asarray(shadow, dtype=np.float32)[..., None] / 255)
    m = np.asarray(full.filter(ImageFilter.GaussianBlur(max(0.5, short / 900))), dtype=np.float32) / 255
    dm = np.asarray(full_detail.filter(ImageFilter.GaussianBlur(max(0.5, short / 700))),
                    dtype=np.float32) / 255
    xx = (np.arange(w, dtype=np.float32) - (x0 + bw / 2)) / (bw / 2)
    shade = 0.55 + 0.45 * np.cos(np.clip(xx + 0.35, -1.6, 1.6))  # light from the upper left
    highlight = 0.35 * np.exp(-((xx + 0.45) / 0.12) ** 2)
    base = np.array(COLOURS[kind], dtype=np.float32)
    texture = 1 + 0.06 * smooth_noise(rng, size, 24)
    colour = base * (shade * texture)[..., None] if kind in PROFILES or kind in (
        "statuette", "coin", "medal", "clock") else base * texture[..., None]
    colour = colour + 255 * highlight[None, :, None] * (kind in PROFILES)
    detail_colour = np.array([c * 0.55 for c in COLOURS[kind]], dtype=np.float32)
    if kind in ("painting", "poster", "tile", "clock"):
        detail_colour = np.array((235, 225, 200) if kind != "painting" else (90, 130, 160), np.float32)
    colour = colour * (1 - dm[..., None]) + detail_colour * dm[..., None]
    img = img * (1 - m[..., None]) + colour * m[..., None]
    centre = ((x0 + bw / 2) / w, (y0 + bh / 2) / h)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB"), full, centre


def photograph(rng: np.random.Generator, kind: str, size: tuple[int, int], index: int
               ) -> tuple[Image.Image, Image.Image, tuple[float, float]]:
    """Draw at a working size, scale to the file's size and add mild sensor noise."""
    w, h = size
    scale = min(1.0, WORK_LONG_SIDE / max(w, h))
    work = (max(8, round(w * scale)), max(8, round(h * scale)))
    img, silhouette, centre = scene(rng, kind, work, index)
    if work != size:
        img = img.resize(size, Image.Resampling.BICUBIC)
        silhouette = silhouette.resize(size, Image.Resampling.BICUBIC)
    grain = rng.normal(0, 2.0, size=(h, w, 1)).astype(np.float32)
    arr = np.clip(np.asarray(img, dtype=np.float32) + grain, 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB"), silhouette, centre


# ---------------------------------------------------------------- metadata


def s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def wide_gamut_profile() -> bytes:
    """A small ICC v2 RGB profile with the Adobe RGB (1998) primaries and gamma 2.2.

    Written byte by byte, so the dataset does not depend on a profile file from elsewhere.
    """
    def tag_xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    def tag_desc(text):
        t = text.encode("ascii") + b"\0"
        return b"desc" + b"\0" * 4 + struct.pack(">I", len(t)) + t + b"\0" * 8 + b"\0" * 3 + b"\0" * 67

    def tag_text(text):
        return b"text" + b"\0" * 4 + text.encode("ascii") + b"\0"

    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 563) + b"\0\0"  # gamma 563/256 = 2.2
    tags = [
        (b"desc", tag_desc("Lindenhove wide-gamut RGB (Adobe RGB 1998 primaries)")),
        (b"cprt", tag_text("No copyright, use freely (CC0 1.0)")),
        (b"wtpt", tag_xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", tag_xyz(0.60974, 0.31111, 0.01947)),
        (b"gXYZ", tag_xyz(0.20528, 0.62567, 0.06087)),
        (b"bXYZ", tag_xyz(0.14919, 0.06322, 0.74457)),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        while len(body) % 4:
            body += b"\0"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2026, 3, 1, 0, 0, 0) + b"acsp" + b"\0" * 4 + b"\0" * 4
              + b"\0" * 8 + b"\0" * 8 + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249)
              + b"\0" * 4 + b"\0" * 16 + b"\0" * 28)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def to_stored(img: Image.Image, orientation: int) -> Image.Image:
    """The pixels as the camera stores them, so that the EXIF orientation makes them upright."""
    undo = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    return img.transpose(undo[orientation]) if orientation in undo else img


def camera_exif(make: str, model: str, when: str, orientation: int = 0) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = make  # Make
    exif[0x0110] = model  # Model
    exif[0x0131] = "Lindenhove photo generator 1.0"  # Software
    exif[0x0132] = when  # DateTime
    if orientation:
        exif[0x0112] = orientation
    return exif


def write_photo(img: Image.Image, silhouette: Image.Image, path: Path, kind: str,
                orientation: int, index: int) -> None:
    when = f"2025:{1 + index % 12:02d}:{1 + index:02d} 10:{index:02d}:00"
    if kind == "phone":
        exif = camera_exif("Generic", "Phone camera", when, orientation)
        quality = 70 if img.width * img.height > 6_000_000 else 80
        to_stored(img, orientation).save(path, "JPEG", quality=quality, exif=exif, dpi=(72, 72))
    elif kind == "camera":
        exif = camera_exif("Generic", "Studio camera", when)
        exif[0x013B] = ""  # an empty Artist field, as cameras often write it
        img.save(path, "JPEG", quality=85, exif=exif, dpi=(300, 300))
    elif kind == "wide_gamut":
        profile = wide_gamut_profile()
        srgb = ImageCms.createProfile("sRGB")
        wide = ImageCms.getOpenProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(img, srgb, wide, outputMode="RGB")
        converted.save(path, "JPEG", quality=85, icc_profile=profile, dpi=(300, 300))
    elif kind == "cutout":
        arr = np.asarray(img).copy()
        alpha = np.asarray(silhouette.filter(ImageFilter.GaussianBlur(1)), dtype=np.uint8).copy()
        alpha[alpha < 8] = 0
        arr[alpha == 0] = 0  # fully transparent pixels are stored as black, as many tools do
        Image.fromarray(np.dstack([arr, alpha]), "RGBA").save(path, "PNG", optimize=True)
    elif kind == "grey":
        img.convert("L").save(path, "JPEG", quality=85)
    elif kind == "cmyk":
        img.convert("CMYK").save(path, "JPEG", quality=85, dpi=(300, 300))
    elif kind == "scan":
        img.save(path, "TIFF", compression="tiff_adobe_deflate", dpi=(300, 300))
    elif path.suffix.lower() == ".webp":
        img.save(path, "WEBP", quality=80)
    else:  # plain: no metadata at all
        img.save(path, "JPEG", quality=85)


# ---------------------------------------------------------------- the dataset


def credit_line(photographer: str, licence: str) -> str:
    photo = f", photo {photographer}" if photographer else ""
    return f"{MUSEUM}{photo}, {LICENCE_NAMES[licence]}"


def generate(out: Path) -> list[Path]:
    rng = np.random.default_rng(SEED)
    folder = out / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    rows, written = [], []
    for index, (name, kind, size, orientation, obj, inventory, title, maker, date, photographer,
                licence) in enumerate(PHOTOS):
        img, silhouette, centre = photograph(rng, obj, size, index)
        path = folder / name
        write_photo(img, silhouette, path, kind, orientation, index)
        written.append(path)
        rows.append({
            "file": name, "inventory_number": inventory, "title": title, "maker": maker,
            "date": date, "photographer": photographer, "licence": licence,
            "credit_line": credit_line(photographer, licence),
            "focus_x": f"{centre[0]:.2f}", "focus_y": f"{centre[1]:.2f}",
        })
    catalogue = out / "catalogue.csv"
    with catalogue.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    written.append(catalogue)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    args = parser.parse_args()
    for path in generate(args.out):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
