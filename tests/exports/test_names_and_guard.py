"""Name replacement in free text, and the leak guard on its own (no case needed)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from workbench.publication.images import Region, burn, clean_jpeg, publishable_photo
from workbench.publication.leak_guard import Guard
from workbench.publication.names import NameRedactor, NameRule

REDACTOR = NameRedactor([
    NameRule(("José María Núñez-Ávila", "Chema", "Don José María"), "W-01"),
    NameRule(("Rosa Quispe Mamani", "Rosa Quispe", "Doña Rosa"), "[name withheld]"),
    NameRule(("Teo",), "W-02"),
])


@pytest.mark.parametrize(("text", "expected"), [
    ("JOSÉ MARÍA NÚÑEZ-ÁVILA spoke.", "W-01 spoke."),
    ("jose maria nunez avila spoke.", "W-01 spoke."),
    ("José María\nNúñez  Ávila spoke.", "W-01 spoke."),  # line break, double space
    ("Jose\u0301 Mari\u0301a Nu\u0303n\u0303ez-A\u0301vila", "W-01"),  # decomposed accents
    ("«Chema», dijo.", "«W-01», dijo."),
    ('"ROSA QUISPE MAMANI" and rosa quispe', '"[name withheld]" and [name withheld]'),
    ("Doña Rosa's house", "[name withheld]'s house"),
    ("Dona Rosa", "[name withheld]"),
    ("Teo, Teodoro and Teología", "W-02, Teodoro and Teología"),  # whole words only
    ("Chemical plant", "Chemical plant"),
    ("", ""),
])
def test_names_are_replaced_whole_word_case_and_accent_blind(text, expected):
    assert REDACTOR.redact(text) == expected


def test_longest_spelling_wins():
    # "Rosa Quispe Mamani" must not become "[name withheld] Mamani".
    assert REDACTOR.redact("Rosa Quispe Mamani") == "[name withheld]"


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Cam"
    exif.get_ifd(0x8825).update({1: "S", 2: (14.0, 12.0, 18.0)})
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(out, "JPEG", exif=exif, comment=b"hello")
    return out.getvalue()


def test_the_guard_flags_image_metadata_and_gps():
    leaks = Guard.scan_image(_jpeg_with_gps(), "page 1 image")
    kinds = " ".join(leak.what for leak in leaks)
    assert "GPS" in kinds and "EXIF" in kinds and "COM" in kinds


def test_clean_photos_carry_nothing_but_pixels():
    data, width, height = publishable_photo(_jpeg_with_gps(), [Region(0.1, 0.1, 0.5, 0.5)])
    assert Guard.scan_image(data, "x") == []
    assert (width, height) == (64, 48)
    assert b"Exif" not in data and b"hello" not in data


def test_large_photos_are_downscaled_to_about_200_dpi_on_the_page():
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 20, 30)).save(out, "JPEG")
    _, width, height = publishable_photo(out.getvalue(), [])
    assert width <= 1260 and height <= 1575 and width == 1260


def test_fill_is_solid_and_blur_keeps_no_detail():
    image = Image.effect_noise((200, 200), 100).convert("RGB")
    filled = burn(image, [Region(0.25, 0.25, 0.5, 0.5, "fill")]).crop((60, 60, 140, 140))
    assert filled.getcolors() == [(80 * 80, (0, 0, 0))]
    blurred = burn(image, [Region(0.25, 0.25, 0.5, 0.5, "blur")]).crop((70, 70, 130, 130))
    from PIL import ImageStat

    assert ImageStat.Stat(blurred.convert("L")).stddev[0] < 0.2 * ImageStat.Stat(
        image.crop((70, 70, 130, 130)).convert("L")).stddev[0]


def test_clean_jpeg_drops_icc_and_comments():
    image = Image.new("RGB", (10, 10))
    image.info["icc_profile"] = b"fake profile"
    image.info["comment"] = b"secret"
    data = clean_jpeg(image)
    assert b"secret" not in data and b"fake profile" not in data


def test_the_guard_finds_a_name_cut_apart_by_a_line_break():
    from workbench.publication.policy import Policy

    policy = Policy("publication", "en", "2020-01-01", {}, {}, NameRedactor([]))
    policy.protected_names = [("Rosa Quispe Mamani", "W-02"), ("Teo", "W-03")]
    guard = Guard.from_policy(policy)
    assert guard.scan_text("seen by Rosa Quis-\npe Mamani", "page 1")
    assert guard.scan_text("seen by ROSA QUISPE\nMAMANI", "page 1")
    assert guard.scan_text("theological matters", "page 1") == []


def test_a_large_photo_on_its_side_comes_out_upright_with_its_region_in_place():
    # 4000x3000 stored, orientation 6 (rotate 90° clockwise to view): upright 3000x4000.
    stored = Image.new("RGB", (4000, 3000), (255, 255, 255))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    stored.save(out, "JPEG", exif=exif)
    data, width, height = publishable_photo(out.getvalue(), [Region(0.0, 0.0, 0.5, 0.2)])
    assert width < height and height <= 1575 and width <= 1260
    image = Image.open(io.BytesIO(data)).convert("L")
    assert image.getpixel((width // 5, height // 20)) < 20  # top-left of the upright view
    assert image.getpixel((width - 5, height - 5)) > 235


@pytest.mark.parametrize("size", [(1999, 1333), (3001, 181), (1300, 1700)])
def test_nothing_of_a_filled_region_reaches_the_downscaled_pixels_around_it(size):
    """Regions are burned after downscaling: two originals that differ only inside a
    region must give the same published pixels, or the resampling carried some of the
    region's content into the pixels beside the burned box."""
    region = Region(0.3137, 0.2719, 0.2311, 0.3377, "fill")
    left, top, right, bottom = region.box(*size)
    background = Image.effect_noise(size, 60).convert("RGB")

    def original(inside: Image.Image) -> bytes:
        image = background.copy()
        image.paste(inside.resize((right - left, bottom - top)), (left, top))
        out = io.BytesIO()
        image.save(out, "PNG")  # lossless: the originals differ only inside the region
        return out.getvalue()

    white = original(Image.new("RGB", (8, 8), (255, 255, 255)))
    black = original(Image.new("RGB", (8, 8), (0, 0, 0)))
    published_white, width, height = publishable_photo(white, [region])
    published_black, *_ = publishable_photo(black, [region])
    assert (width, height) != size  # it was downscaled
    assert published_white == published_black
