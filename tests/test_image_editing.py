"""The image editing lab: its generated photos and its reference functions."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from course import ROOT, reference_namespace
from PIL import Image, ImageCms, ImageOps

DATA = ROOT / "datasets" / "collection_photos"
PHOTOS = DATA / "photos"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "images_museum_objects"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif", ".bmp"}


def facts(path: Path) -> dict:
    """What matters about a photo file: format, mode, size, orientation, DPI and ICC profile."""
    with Image.open(path) as im:
        exif = im.getexif()
        icc = im.info.get("icc_profile")
        return {"format": im.format, "mode": im.mode, "size": im.size,
                "orientation": exif.get(0x0112), "artist": exif.get(0x013B),
                "make": exif.get(0x010F), "dpi": im.info.get("dpi"),
                "icc": hashlib.sha256(icc).hexdigest() if icc else None}


def folder_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def ns(tmp_path_factory):
    """The lab's reference functions; the notebook's own outputs go to a scratch folder."""
    before = folder_hash(DATA)
    namespace = reference_namespace("image_editing", cwd=tmp_path_factory.mktemp("lab"))
    assert folder_hash(DATA) == before, "running the lab changed the dataset"
    return namespace


# ---------------------------------------------------------------- the dataset


def test_generator_is_deterministic_in_what_matters(tmp_path):
    subprocess.run([sys.executable, str(DATA / "generate.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    ours = sorted(p.name for p in PHOTOS.iterdir())
    assert sorted(p.name for p in (tmp_path / "photos").iterdir()) == ours
    for name in ours:
        assert facts(tmp_path / "photos" / name) == facts(PHOTOS / name), f"{name} differs from a fresh run"
    assert (tmp_path / "catalogue.csv").read_bytes() == (DATA / "catalogue.csv").read_bytes()


def test_the_planted_problems_are_in_the_files():
    photos = {p.name: facts(p) for p in PHOTOS.iterdir()}
    assert len(photos) >= 20
    orientations = {f["orientation"] for f in photos.values()}
    assert {3, 6, 8} <= orientations, "phone photos with EXIF orientation 3, 6 and 8"
    assert photos["IMG_0023.JPG"]["orientation"] == 6
    assert any(f["size"][0] * f["size"][1] > 12_000_000 for f in photos.values()), "a photo above 12 MP"
    assert any(f["size"][0] * f["size"][1] < 100_000 for f in photos.values()), "a thumbnail"
    modes = {(f["format"], f["mode"]) for f in photos.values()}
    assert {("PNG", "RGBA"), ("JPEG", "L"), ("JPEG", "CMYK"), ("TIFF", "RGB"), ("WEBP", "RGB")} <= modes
    with Image.open(PHOTOS / "coin obverse.png") as coin:
        alpha = coin.getchannel("A")
        assert alpha.getextrema() == (0, 255), "the cut-out has fully transparent and opaque parts"
        assert coin.getpixel((2, 2)) == (0, 0, 0, 0), "transparent pixels are stored as black"
    assert any(" " in name for name in photos) and any(name.endswith(".JPG") for name in photos)
    assert any(f["orientation"] is None and f["dpi"] is None and f["make"] is None
               for f in photos.values()), "a photo without any metadata"
    assert (DATA / "DATASHEET.md").read_text().count("photos/") >= len(photos), "a licence line per photo"
    size = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert size < 15_000_000, f"the dataset is {size:,} bytes; keep it under 15 MB"


def test_the_wide_gamut_profile_is_real_and_not_srgb():
    with Image.open(PHOTOS / "Vase blue glaze FINAL.jpg") as im:
        im.load()
        icc = im.info["icc_profile"]
    profile = ImageCms.getOpenProfile(io.BytesIO(icc))
    assert "Adobe RGB 1998 primaries" in ImageCms.getProfileDescription(profile)
    converted = ImageCms.profileToProfile(im, profile, ImageCms.createProfile("sRGB"), outputMode="RGB")
    ignored = im.convert("RGB")
    # the vase is blue: with the profile applied its colours are more saturated than without it

    def saturation(image):
        r, g, b = image.resize((60, 80)).getpixel((30, 40))
        return max(r, g, b) - min(r, g, b)

    assert saturation(converted) > saturation(ignored) + 10


def test_the_catalogue_describes_every_photo():
    with (DATA / "catalogue.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["file", "inventory_number", "title", "maker", "date", "photographer",
                             "licence", "credit_line", "focus_x", "focus_y"]
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in PHOTOS.iterdir())
    assert all(r["licence"].startswith("http://") and r["credit_line"] for r in rows)
    assert all(0 <= float(r["focus_x"]) <= 1 and 0 <= float(r["focus_y"]) <= 1 for r in rows)


# ---------------------------------------------------------------- the reference functions


def test_every_photo_is_described_and_made_upright_in_srgb(ns):
    for path in sorted(PHOTOS.iterdir()):
        image = ns["open_photo"](path)
        about = ns["describe_photo"](image)
        fixed = ns["to_srgb"](ns["upright"](image))
        assert fixed.mode == "RGB" and "icc_profile" not in fixed.info
        turned = about["orientation"] in (5, 6, 7, 8)
        expected = (about["height"], about["width"]) if turned else (about["width"], about["height"])
        assert fixed.size == expected, path.name


def test_the_batch_makes_instagram_posts_that_read_back(ns, tmp_path):
    spec = ns["insta"]
    report = ns["process_all"](sorted(PHOTOS.iterdir()), tmp_path,
                               lambda path, out: ns["make_one"](path, out, spec))
    assert set(report["status"]) == {"ok", "error"}
    failed = report[report["status"] == "error"]
    assert failed["message"].str.contains("smaller than").all(), "only too-small photos fail"
    assert "thumb_chair.jpg" in set(failed["file"])
    for name in report.loc[report["status"] == "ok", "output"]:
        with Image.open(tmp_path / name) as im:
            assert (im.format, im.mode, im.size) == ("JPEG", "RGB", (1080, 1350))
            assert im.getexif().get(0x0112) is None, "no orientation tag left to turn it again"
        assert (tmp_path / name).stat().st_size <= 500_000
        rights = ns["read_rights"](tmp_path / name)
        assert rights["copyright"] == "© 2026 Stadsmuseum Lindenhove" and rights["credit"]


def test_the_quality_search_finds_the_highest_quality_that_fits(ns, tmp_path):
    image = ns["to_srgb"](ns["open_photo"](PHOTOS / "textile_detail.jpg"))
    budget = 40_000
    quality = ns["save_within_budget"](image, tmp_path / "t.jpg", budget)
    assert (tmp_path / "t.jpg").stat().st_size <= budget
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality + 1, optimize=True)
    assert quality == 95 or len(buffer.getvalue()) > budget


def test_rights_metadata_survives_a_round_trip(ns, tmp_path):
    options = ns["rights_metadata"]("Anaïs Dupré", "© 2026 Musée <Lindenhove> & co",
                                    "Credit: Anaïs", "https://example.org/?a=1&b=2")
    Image.new("RGB", (20, 20)).save(tmp_path / "r.jpg", **options)
    with Image.open(tmp_path / "r.jpg") as im:
        assert im.getexif()[0x013B] == "Anais Dupre"
        assert im.getexif()[0x8298] == "(c) 2026 Musee <Lindenhove> & co"
    assert ns["read_rights"](tmp_path / "r.jpg") == {
        "creator": "Anaïs Dupré", "copyright": "© 2026 Musée <Lindenhove> & co",
        "credit": "Credit: Anaïs", "web_statement": "https://example.org/?a=1&b=2"}


def test_europeana_tiers_of_the_planted_boundary_photos(ns):
    tiers = ns["tiers"].set_index("file")["tier"]
    assert tiers["thumb_chair.jpg"] == 0
    assert tiers["Book cover (front).jpg"] == 3  # 0.952 MP, NoC-NC
    assert tiers["lamp 2.jpeg"] == 2  # 0.9496 MP: just below 0.95
    assert tiers["IMG_0023.JPG"] == 4


@pytest.mark.parametrize("make, call, message", [
    (lambda d: (d / "notes.jpg").write_text("minutes"), "open", "not an image"),
    (lambda d: (d / "empty.jpg").write_bytes(b""), "open", "empty"),
    (lambda d: (d / "half.jpg").write_bytes((PHOTOS / "bowl.JPG").read_bytes()[:20_000]), "open",
     "damaged or incomplete"),
    (None, "zero", "no pixels"),
    (None, "larger", "smaller than the 1080 × 1080"),
])
def test_bad_input_gets_a_clear_message(ns, tmp_path, make, call, message):
    if call == "open":
        make(tmp_path)
        path = next(tmp_path.iterdir())
        with pytest.raises(ValueError, match=message):
            ns["open_photo"](path)
    elif call == "zero":
        with pytest.raises(ValueError, match=message):
            ns["resize_exactly"](Image.new("RGB", (0, 0)), 10, 10)
        with pytest.raises(ValueError, match=message):
            ns["to_srgb"](Image.new("RGB", (0, 5)))
    else:
        with pytest.raises(ValueError, match=message):
            ns["resize_exactly"](Image.new("RGB", (800, 800)), 1080, 1080)


# ---------------------------------------------------------------- real photos (never committed)


def real_photos() -> list[Path]:
    if not REAL.is_dir():
        return []
    return sorted(p for p in REAL.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


@pytest.mark.skipif(not real_photos(), reason=f"no real museum photos at {REAL} (not part of the repository)")
def test_reference_functions_process_every_real_photo(ns, tmp_path):
    """Real collection photos (phone EXIF, greyscale, ICC profiles, tiny crops) go through every
    step; only photos smaller than the target stop, with the clear 'too small' message."""
    specs = ns["platforms"]
    og = specs[specs["platform"] == "Open Graph"].iloc[0]
    width, height, budget = int(og["width"]), int(og["height"]), int(og["max_bytes"])
    made = 0
    for path in real_photos():
        image = ns["open_photo"](path)
        about = ns["describe_photo"](image)
        assert about["megapixels"] >= 0 and about["orientation"] in range(1, 9), path.name
        fixed = ns["to_srgb"](ns["upright"](image))
        assert ns["europeana_tier"](fixed.width, fixed.height,
                                    "http://creativecommons.org/publicdomain/zero/1.0/") in range(5)
        cropped = ns["crop_to_ratio"](fixed, width, height, (0.5, 0.4))
        if cropped.width < width or cropped.height < height:
            with pytest.raises(ValueError, match="smaller than"):
                ns["resize_exactly"](cropped, width, height)
            continue
        result = ns["add_credit_line"](ns["resize_exactly"](cropped, width, height),
                                       "Credit: see the museum's page for this object")
        target = tmp_path / ns["web_file_name"]("REAL 1", path.stem)
        options = ns["rights_metadata"]("Unknown photographer", "© the museum", "Credit", "https://example.org")
        ns["save_within_budget"](result, target, budget, **options)
        with Image.open(target) as back:
            assert (back.format, back.mode, back.size) == ("JPEG", "RGB", (width, height)), path.name
        assert target.stat().st_size <= budget
        assert ns["read_rights"](target)["creator"] == "Unknown photographer"
        made += 1
    assert made >= len(real_photos()) // 3, "many real photos are large enough for a link preview"


@pytest.mark.skipif(not real_photos(), reason=f"no real museum photos at {REAL} (not part of the repository)")
def test_real_phone_photos_come_out_upright(ns):
    turned = [p for p in real_photos() if facts(p)["orientation"] in (6, 8)]
    if not turned:
        pytest.skip("no real photo with orientation 6 or 8")
    for path in turned:
        image = ns["open_photo"](path)
        assert ns["upright"](image).size == ImageOps.exif_transpose(image).size == image.size[::-1]
