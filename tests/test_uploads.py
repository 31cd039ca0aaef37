"""Photo and document uploads: what is refused, and what is stored.

Every file is made in memory; the "bombs" are small files whose headers claim
huge dimensions, so nothing here decodes (or allocates) a huge image.
"""

import io
import os
import resource
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from portal import uploads
from portal.uploads import (
    MAX_IMAGE_BYTES,
    clean_image,
    make_thumbnail,
    process_photo,
    validate_image,
    validate_pdf,
)

# --- making files -------------------------------------------------------------


def image_bytes(fmt="JPEG", size=(64, 48), mode="RGB", color="red", noise=False, **params):
    if noise:
        channels = len(mode)
        im = Image.frombytes(mode, size, os.urandom(size[0] * size[1] * channels))
    else:
        im = Image.new(mode, size, color)
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def reopen(file):
    file.seek(0)
    return Image.open(io.BytesIO(file.read()))


def png_claiming(width, height):
    """A 1 × 1 PNG whose IHDR (with a correct CRC) claims width × height."""
    data = bytearray(image_bytes("PNG", size=(1, 1), mode="L"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_claiming(width, height):
    """A small JPEG whose frame header claims width × height."""
    data = bytearray(image_bytes("JPEG", size=(8, 8)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_claiming(width, height):
    """A 1 × 1 lossless WebP whose VP8L header claims width × height (≤ 16384)."""
    data = bytearray(image_bytes("WEBP", size=(1, 1), lossless=True))
    assert data[12:16] == b"VP8L" and data[20] == 0x2F
    bits = int.from_bytes(data[21:25], "little")
    bits = (bits & ~((1 << 28) - 1)) | (width - 1) | ((height - 1) << 14)
    data[21:25] = bits.to_bytes(4, "little")
    return bytes(data)


def exif_with_gps(orientation=6):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (41.0, 0.0, 36.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (28.0, 58.0, 12.25)
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b"<rdf:Description>secret-location</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def photo_with_metadata(size=(80, 40)):
    """A JPEG turned on its side (orientation 6), with GPS, XMP and a comment.

    Its left quarter is red: once upright, red is at the top.
    """
    im = Image.new("RGB", size, "blue")
    im.paste("red", (0, 0, size[0] // 4, size[1]))
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif_with_gps(), xmp=XMP, comment=b"secret-comment")
    data = out.getvalue()
    # The source really carries it all.
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "xmp", "comment"} <= set(source.info)
    return data


def refusal(validator, file):
    """The ValidationError the validator raises; the file is left at its start."""
    with pytest.raises(ValidationError) as exc:
        validator(file)
    assert file.tell() == 0
    return exc.value


def code_of(validator, file):
    return refusal(validator, file).code


def english(error):
    with translation.override("en"):
        return error.messages


def assert_no_metadata(data):
    im = Image.open(io.BytesIO(data))
    assert not im.getexif()
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "Author"):
        assert key not in im.info
    for secret in (b"Exif\x00\x00", b"PhoneMaker", b"secret", b"adobe:ns:meta"):
        assert secret not in data


# --- validate_image: accepted ---------------------------------------------------


@pytest.mark.parametrize(
    "name, fmt, params",
    [
        ("photo.jpg", "JPEG", {}),
        ("photo.JPEG", "JPEG", {}),
        ("logo.png", "PNG", {}),
        ("picture.webp", "WEBP", {}),
        ("lossless.webp", "WEBP", {"lossless": True}),
    ],
)
def test_valid_images_are_accepted(name, fmt, params):
    file = upload(name, image_bytes(fmt, noise=True, **params))
    file.seek(7)
    assert validate_image(file) is None
    assert file.tell() == 0


def test_transparent_png_and_phone_multi_picture_jpeg_are_accepted():
    validate_image(upload("logo.png", image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))))
    first, second = Image.new("RGB", (32, 32), "red"), Image.new("RGB", (32, 32), "blue")
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    validate_image(upload("phone.jpg", out.getvalue()))


def test_a_photo_with_metadata_is_accepted():
    validate_image(upload("family.jpg", photo_with_metadata()))


# --- validate_image: refused ----------------------------------------------------


def test_empty_file():
    error = refusal(validate_image, upload("empty.jpg", b""))
    assert error.code == "empty"
    assert english(error) == ["The file is empty."]


def test_file_over_10_mb():
    big = upload("big.jpg", image_bytes("JPEG")[:-2] + b"\0" * (11 * 1024 * 1024) + b"\xff\xd9")
    error = refusal(validate_image, big)
    assert error.code == "file_too_large"
    assert english(error) == ["The file is larger than 10 MB."]


def test_exactly_the_limit_is_not_refused_for_size():
    data = image_bytes("PNG")
    padded = data + b"\0" * (MAX_IMAGE_BYTES - len(data))  # bytes after IEND are ignored
    validate_image(upload("padded.png", padded))


@pytest.mark.parametrize("progressive", [False, True])
def test_truncated_jpeg(progressive):
    data = image_bytes("JPEG", size=(256, 192), noise=True, progressive=progressive)
    half = data[: len(data) // 2]
    # Pillow's verify() alone lets a cut JPEG through: load() is what catches it.
    Image.open(io.BytesIO(half)).verify()
    error = refusal(validate_image, upload("cut.jpg", half))
    assert error.code == "damaged"
    assert english(error) == ["The image is damaged or incomplete."]
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize(
    "name, fmt", [("cut.png", "PNG"), ("cut.webp", "WEBP"), ("cut-lossless.webp", "WEBP")]
)
def test_truncated_png_and_webp(name, fmt):
    params = {"lossless": True} if "lossless" in name else {}
    data = image_bytes(fmt, size=(64, 64), noise=True, **params)
    assert code_of(validate_image, upload(name, data[: len(data) // 2])) == "damaged"


def test_corrupted_png_data():
    data = bytearray(image_bytes("PNG", size=(64, 64), noise=True))
    data[200:260] = b"\0" * 60  # inside IDAT: the CRC no longer matches
    assert code_of(validate_image, upload("broken.png", bytes(data))) == "damaged"


@pytest.mark.parametrize(
    "content", [b"Hello, this is a text file.\n", os.urandom(2048), b"%PDF-1.4\n%..."]
)
def test_not_an_image(content):
    error = refusal(validate_image, upload("photo.jpg", content))
    assert error.code == "not_image"
    assert english(error) == ["This file is not a JPEG, PNG or WebP image."]


def test_png_renamed_jpg():
    error = refusal(validate_image, upload("photo.jpg", image_bytes("PNG")))
    assert error.code == "extension_mismatch"
    assert english(error) == [
        "The file's name says .jpg but it is a PNG image: rename it or export it again."
    ]


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("photo.png", "JPEG"),
        ("photo.webp", "JPEG"),
        ("photo.jpeg", "WEBP"),
        ("photo.gif", "PNG"),
        ("photo.jpg.exe", "JPEG"),
    ],
)
def test_other_disguises(name, fmt):
    assert code_of(validate_image, upload(name, image_bytes(fmt))) == "extension_mismatch"


def test_no_extension():
    error = refusal(validate_image, upload("photo", image_bytes("JPEG")))
    assert error.code == "missing_extension"
    assert english(error) == [
        "The file's name has no extension, but it is a JPEG image: "
        "its name should end in .jpg / .jpeg."
    ]


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert("x")</script><rect width="10" height="10"/></svg>'
)


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png", "drawing.jpg"])
@pytest.mark.parametrize("content", [SVG, SVG.split(b"\n", 1)[1]])
def test_svg_is_refused(name, content):
    error = refusal(validate_image, upload(name, content))
    assert error.code == "unsupported_format"
    assert error.params == {"format": "SVG"}


@pytest.mark.parametrize(
    "name, fmt, label",
    [
        ("anim.gif", "GIF", "GIF"),
        ("anim.jpg", "GIF", "GIF"),
        ("scan.bmp", "BMP", "BMP"),
        ("scan.tiff", "TIFF", "TIFF"),
        ("scan.png", "TIFF", "TIFF"),
    ],
)
def test_other_image_formats_are_refused(name, fmt, label):
    error = refusal(validate_image, upload(name, image_bytes(fmt)))
    assert error.code == "unsupported_format"
    assert english(error) == [
        f"This is a {label} image. Only JPEG, PNG or WebP images are accepted: "
        "export it again in one of those formats."
    ]


def test_iphone_heic_is_named():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 64
    error = refusal(validate_image, upload("IMG_0001.jpg", heic))
    assert error.code == "unsupported_format"
    assert error.params == {"format": "HEIC"}


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


@pytest.mark.parametrize(
    "name, content",
    [
        ("bomb.png", png_claiming(20_000, 20_000)),
        ("bomb.jpg", jpeg_claiming(20_000, 20_000)),
        ("bomb.webp", webp_claiming(16_384, 16_384)),
    ],
)
def test_decompression_bomb_is_refused_without_decoding(name, content):
    assert len(content) < 1024
    before = max_rss_mb()
    file = upload(name, content)
    assert code_of(validate_image, file) == "too_many_pixels"
    assert max_rss_mb() - before < 100  # 20,000² pixels would be 400 MB at least


def test_too_many_pixels_message():
    with translation.override("en"):
        error = refusal(validate_image, upload("bomb.png", png_claiming(20_000, 20_000)))
        assert error.messages == [
            "The image is larger than 40 megapixels (20,000 × 20,000 pixels): make it smaller."
        ]


@pytest.mark.parametrize(
    "name, content",
    [
        # Over our 40 MP, under Pillow's own limit (89 MP): Pillow would not object.
        ("big.png", png_claiming(8_000, 6_000)),
        ("big.jpg", jpeg_claiming(8_000, 6_000)),
        ("big.webp", webp_claiming(10_000, 5_000)),
    ],
)
def test_over_40_megapixels_is_refused_from_the_header(monkeypatch, name, content):
    def no_pillow(*args, **kwargs):
        raise AssertionError("Pillow should not be given this file")

    monkeypatch.setattr(uploads.Image, "open", no_pillow)
    assert code_of(validate_image, upload(name, content)) == "too_many_pixels"


def test_exactly_40_megapixels_passes_the_size_check():
    # 8000 × 5000 is allowed; the 1 × 1 pixel data behind the header is then "damaged".
    assert code_of(validate_image, upload("ok.png", png_claiming(8_000, 5_000))) == "damaged"


def test_pillow_bomb_error_is_caught_when_the_header_is_not_read(monkeypatch):
    monkeypatch.setattr(uploads, "_header_size", lambda data, fmt: None)
    file = upload("bomb.png", png_claiming(20_000, 20_000))
    error = refusal(validate_image, file)
    assert error.code == "too_many_pixels"
    assert english(error) == ["The image is larger than 40 megapixels: make it smaller."]


def test_pillow_bomb_warning_is_caught(monkeypatch):
    monkeypatch.setattr(uploads, "_header_size", lambda data, fmt: None)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 40 × 40 = 1600: a warning
    file = upload("small.png", image_bytes("PNG", size=(40, 40)))
    error = refusal(validate_image, file)
    assert error.code == "too_many_pixels"
    assert english(error) == ["The image is larger than 40 megapixels: make it smaller."]


def test_stored_file_is_not_checked_again():
    class Stored:
        _committed = True

        def seek(self, pos):
            raise AssertionError("a stored file is not read")

    assert validate_image(Stored()) is None


# --- validate_pdf ---------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_pdf_is_accepted():
    file = upload("protocol.pdf", PDF)
    assert validate_pdf(file) is None
    assert file.tell() == 0
    validate_pdf(upload("PROTOCOL.PDF", PDF))


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("protocol.pdf", b"", "empty"),
        ("protocol.pdf", image_bytes("PNG"), "not_pdf"),
        ("protocol.pdf", b"PK\x03\x04 a zip", "not_pdf"),
        ("x.docx", b"PK\x03\x04[Content_Types].xml", "not_pdf"),
        ("x.docx", PDF, "extension"),
        ("protocol", PDF, "extension"),
    ],
)
def test_pdf_refused(name, content, code):
    assert code_of(validate_pdf, upload(name, content)) == code


def test_pdf_over_20_mb():
    error = refusal(validate_pdf, upload("big.pdf", PDF + b"\0" * (21 * 1024 * 1024)))
    assert error.code == "file_too_large"
    assert english(error) == ["The file is larger than 20 MB."]


def test_pdf_messages():
    assert english(refusal(validate_pdf, upload("x.pdf", b"PK\x03\x04"))) == [
        "This file is not a PDF document."
    ]
    assert english(refusal(validate_pdf, upload("x.docx", PDF))) == [
        "The file's name must end in .pdf."
    ]


# --- clean_image ------------------------------------------------------------------


def test_clean_jpeg_is_upright_and_has_no_metadata():
    source = upload("family.jpg", photo_with_metadata(size=(80, 40)))
    cleaned = clean_image(source)
    assert cleaned.name == "family.jpg"
    data = cleaned.read()
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG"
    assert im.size == (40, 80)  # turned upright
    assert im.getexif() == {}
    assert "exif" not in im.info
    assert_no_metadata(data)
    red, green, blue = im.convert("RGB").getpixel((20, 5))  # the red side is now on top
    assert red > 200 and green < 60 and blue < 60
    assert im.convert("RGB").getpixel((20, 75))[2] > 200  # blue at the bottom
    assert source.tell() == 0


def test_clean_keeps_the_colour_profile():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for fmt, name in (("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")):
        data = image_bytes(fmt, icc_profile=icc, exif=exif_with_gps(orientation=1))
        out = Image.open(clean_image(upload(name, data)))
        assert out.format == fmt
        assert out.info.get("icc_profile") == icc
        assert not out.getexif()


def test_clean_png_loses_text_chunks_and_keeps_transparency():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret-comment")
    info.add_text("Author", "secret-author", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    im = Image.new("RGBA", (30, 20), (255, 0, 0, 0))
    im.putpixel((0, 0), (0, 0, 255, 255))
    out = io.BytesIO()
    im.save(out, "PNG", pnginfo=info, exif=exif_with_gps(orientation=1))
    assert {"Comment", "Author", "exif"} <= set(Image.open(io.BytesIO(out.getvalue())).info)

    cleaned = clean_image(upload("logo.png", out.getvalue()))
    data = cleaned.read()
    result = Image.open(io.BytesIO(data))
    assert result.format == "PNG"
    assert result.mode == "RGBA"
    assert result.getpixel((5, 5))[3] == 0
    assert result.getpixel((0, 0)) == (0, 0, 255, 255)
    assert_no_metadata(data)


def test_clean_palette_png_keeps_its_transparent_colour():
    im = Image.new("P", (20, 20), 0)
    im.putpalette([255, 255, 255, 255, 0, 0] + [0] * 762)
    im.putpixel((1, 1), 1)
    out = io.BytesIO()
    im.save(out, "PNG", transparency=0)
    result = Image.open(clean_image(upload("icon.png", out.getvalue())))
    rgba = result.convert("RGBA")
    assert rgba.getpixel((0, 0))[3] == 0
    assert rgba.getpixel((1, 1)) == (255, 0, 0, 255)


def test_clean_cmyk_jpeg_becomes_rgb():
    data = image_bytes("JPEG", mode="CMYK", color=(0, 255, 255, 0))  # red in CMYK
    result = Image.open(clean_image(upload("print.jpg", data)))
    assert result.format == "JPEG"
    assert result.mode == "RGB"
    red, green, blue = result.getpixel((5, 5))
    assert red > 200 and green < 60 and blue < 60


def test_clean_webp_keeps_alpha_and_drops_metadata():
    im = Image.new("RGBA", (30, 20), (0, 255, 0, 128))
    out = io.BytesIO()
    im.save(out, "WEBP", exif=exif_with_gps(orientation=3), xmp=XMP)
    cleaned = clean_image(upload("pic.webp", out.getvalue()))
    data = cleaned.read()
    result = Image.open(io.BytesIO(data))
    assert result.format == "WEBP"
    assert result.mode == "RGBA"
    assert_no_metadata(data)


def test_clean_multi_picture_jpeg_becomes_a_plain_jpeg():
    first, second = Image.new("RGB", (32, 16), "red"), Image.new("RGB", (32, 16), "blue")
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second], exif=exif_with_gps())
    result = Image.open(clean_image(upload("phone.jpg", out.getvalue())))
    assert result.format == "JPEG"
    assert result.size == (16, 32)
    assert not result.getexif()


# --- make_thumbnail ---------------------------------------------------------------


def test_thumbnail_fits_in_480_and_keeps_the_aspect_ratio():
    thumb = make_thumbnail(upload("wide.jpg", image_bytes("JPEG", size=(1600, 900))))
    assert thumb.name == "wide-thumb.jpg"
    im = Image.open(thumb)
    assert im.format == "JPEG"
    assert im.mode == "RGB"
    assert im.size == (480, 270)


def test_thumbnail_of_a_small_image_is_not_enlarged():
    im = Image.open(make_thumbnail(upload("small.png", image_bytes("PNG", size=(100, 60)))))
    assert im.size == (100, 60)
    assert im.format == "JPEG"


def test_thumbnail_other_sizes_and_orientation():
    source = upload("family.jpg", photo_with_metadata(size=(1200, 600)))
    thumb = Image.open(make_thumbnail(source, max_size=(200, 100)))
    assert thumb.size == (50, 100)  # upright 600 × 1200, fitted in 200 × 100
    assert not thumb.getexif()


def test_thumbnail_of_a_transparent_image_is_webp():
    data = image_bytes("PNG", size=(960, 960), mode="RGBA", color=(255, 0, 0, 0))
    thumb = make_thumbnail(upload("logo.png", data))
    assert thumb.name == "logo-thumb.webp"
    im = Image.open(thumb)
    assert im.format == "WEBP"
    assert im.mode == "RGBA"
    assert im.size == (480, 480)


def test_thumbnail_of_an_opaque_rgba_image_is_jpeg():
    data = image_bytes("PNG", size=(600, 300), mode="RGBA", color=(255, 0, 0, 255))
    thumb = make_thumbnail(upload("flat.png", data))
    assert thumb.name == "flat-thumb.jpg"
    assert Image.open(thumb).size == (480, 240)


@pytest.mark.parametrize("mode", ["1", "L", "P", "LA", "I;16", "CMYK"])
def test_thumbnail_of_any_mode(mode):
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    name = "x.jpg" if mode == "CMYK" else "x.png"
    thumb = Image.open(make_thumbnail(upload(name, image_bytes(fmt, mode=mode, color=None))))
    assert thumb.mode in ("RGB", "RGBA")


def test_thumbnail_keeps_an_rgb_profile_and_drops_any_other():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    thumb = make_thumbnail(upload("a.jpg", image_bytes("JPEG", icc_profile=srgb)))
    assert Image.open(thumb).info.get("icc_profile") == srgb
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    thumb = make_thumbnail(upload("b.png", image_bytes("PNG", mode="L", icc_profile=lab)))
    assert "icc_profile" not in Image.open(thumb).info


def test_thumbnail_of_16_bit_grey_is_not_washed_out():
    data = image_bytes("PNG", mode="I;16", color=32768)  # mid grey
    thumb = Image.open(make_thumbnail(upload("scan.png", data)))
    assert 100 < thumb.getpixel((5, 5))[0] < 156


# --- process_photo ----------------------------------------------------------------


def test_process_photo_cleans_the_image_and_makes_a_thumbnail(settings):
    from visits.models import Photo

    photo = Photo(image=upload("family.jpg", photo_with_metadata(size=(1200, 600))))
    assert photo.image._committed is False
    assert process_photo(photo) is True
    assert photo.pk is None  # not saved

    assert photo.image.name.startswith("photos/")
    assert photo.image.name.endswith(".jpg")
    stored = settings.MEDIA_ROOT / photo.image.name
    data = stored.read_bytes()
    im = Image.open(io.BytesIO(data))
    assert im.size == (600, 1200)
    assert_no_metadata(data)

    assert photo.thumbnail.name.startswith("photos/thumbs/")
    assert photo.thumbnail.name.endswith("-thumb.jpg")
    thumb = Image.open(settings.MEDIA_ROOT / photo.thumbnail.name)
    assert thumb.size == (240, 480)

    # Already stored: nothing is done again.
    thumbnail_name = photo.thumbnail.name
    assert process_photo(photo) is False
    assert photo.thumbnail.name == thumbnail_name
    assert validate_image(photo.image) is None


def test_process_photo_without_an_image_does_nothing():
    from visits.models import Photo

    photo = Photo()
    assert process_photo(photo) is False
    assert not photo.thumbnail


def test_validate_image_on_a_new_field_file():
    from visits.models import Photo

    photo = Photo(image=upload("photo.jpg", image_bytes("PNG")))
    with pytest.raises(ValidationError) as exc:
        validate_image(photo.image)
    assert exc.value.code == "extension_mismatch"
    validate_image(Photo(image=upload("photo.png", image_bytes("PNG"))).image)
