"""Checking and cleaning uploaded photos and documents.

Photos (`Photo.image`, `Gift.photo`, `Organization.emblem`) must be real JPEG,
PNG or WebP images of sensible size; protocol documents must be PDFs. What is
stored is re-encoded from the pixels, so nothing the camera or phone wrote
into the file (GPS location, camera serial, XMP, comments) reaches the site.

The validators read at most the size limit into memory, let Pillow parse the
file only as the format its first bytes announce, and refuse an image that is
too large from its header, before any pixel is decoded.

Files are read and written only through the field's storage (local disk or an
S3 bucket); names here are storage names, "/"-separated, never paths on disk.
"""

import posixpath
import struct
import warnings
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_PDF_BYTES = 20 * 1024 * 1024

JPEG_QUALITY = 90
WEBP_QUALITY = 90
THUMBNAIL_SIZE = (480, 480)
THUMBNAIL_QUALITY = 82

# Pillow's format name -> the name shown to people, and the file name
# extensions allowed for it.
IMAGE_FORMATS = {
    "JPEG": ("JPEG", (".jpg", ".jpeg")),
    "PNG": ("PNG", (".png",)),
    "WEBP": ("WebP", (".webp",)),
}

# Pillow opens some JPEGs (phones' multi-picture files) as MPO: the first
# picture is an ordinary JPEG.
_PILLOW_FORMATS = {"JPEG": ("JPEG", "MPO"), "PNG": ("PNG",), "WEBP": ("WEBP",)}

# Images in other formats, recognised only to say what they are.
_OTHER_IMAGE_MAGIC = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "Photoshop (PSD)"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x01\x00", "ICO"),
)
_HEIF_BRANDS = {
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
    b"avif": "AVIF",
    b"avis": "AVIF",
}
_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}

# JPEG start-of-frame markers, which carry the image's dimensions.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


# --- messages -------------------------------------------------------------

IMAGE_MESSAGES = {
    "empty": _("The file is empty."),
    "file_too_large": _("The file is larger than %(max_mb)s MB."),
    "not_image": _("This file is not a JPEG, PNG or WebP image."),
    "unsupported_format": _(
        "This is a %(format)s image. Only JPEG, PNG or WebP images are accepted: "
        "export it again in one of those formats."
    ),
    "damaged": _("The image is damaged or incomplete."),
    "extension_mismatch": _(
        "The file's name says %(extension)s but it is a %(format)s image: "
        "rename it or export it again."
    ),
    "missing_extension": _(
        "The file's name has no extension, but it is a %(format)s image: "
        "its name should end in %(expected)s."
    ),
    "too_many_pixels": _(
        "The image is larger than %(max_megapixels)s megapixels "
        "(%(width)s × %(height)s pixels): make it smaller."
    ),
}
# When Pillow refuses a bomb whose size could not be read from the header.
_TOO_MANY_PIXELS_NO_SIZE = _(
    "The image is larger than %(max_megapixels)s megapixels: make it smaller."
)

PDF_MESSAGES = {
    "empty": _("The file is empty."),
    "file_too_large": _("The file is larger than %(max_mb)s MB."),
    "not_pdf": _("This file is not a PDF document."),
    "extension": _("The file's name must end in .pdf."),
}


def _error(messages, code, **params):
    return ValidationError(messages[code], code=code, params=params or None)


def _pixels_error(width=None, height=None):
    params = {"max_megapixels": MAX_IMAGE_PIXELS // 1_000_000}
    if width is None or height is None:
        return ValidationError(_TOO_MANY_PIXELS_NO_SIZE, code="too_many_pixels", params=params)
    params["width"] = number_format(width, force_grouping=True)
    params["height"] = number_format(height, force_grouping=True)
    return ValidationError(IMAGE_MESSAGES["too_many_pixels"], code="too_many_pixels", params=params)


# --- reading ----------------------------------------------------------------


def _is_stored(upload):
    """True for a FieldFile holding a file already in storage (not a new upload)."""
    return getattr(upload, "_committed", False) is True


def _size(upload):
    try:
        return upload.size
    except (AttributeError, OSError, ValueError):
        return None


def _read(upload, limit=None):
    """The upload's bytes (at most `limit` + 1 of them), leaving it at position 0."""
    upload.seek(0)
    try:
        return upload.read() if limit is None else upload.read(limit + 1)
    finally:
        upload.seek(0)


def _extension(upload):
    return posixpath.splitext(upload.name or "")[1].lower()


def _sniff_image(data):
    """Pillow's name for the format the bytes announce, if JPEG, PNG or WebP."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _sniff_other_image(data):
    """A readable name for an image format that is not accepted, or None."""
    for magic, name in _OTHER_IMAGE_MAGIC:
        if data.startswith(magic):
            return name
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return _HEIF_BRANDS[data[8:12]]
    if (
        data.startswith(b"BM")
        and len(data) >= 18
        and int.from_bytes(data[14:18], "little") in _BMP_HEADER_SIZES
    ):
        return "BMP"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) and b"<svg" in head:
        return "SVG"
    if data[:2] == b"\x1f\x8b" and b"<svg" in data[:4096].lower():  # rare, but .svgz
        return "SVG"
    return None


def _header_size(data, fmt):
    """(width, height) read from the file header without Pillow, or None."""
    try:
        if fmt == "PNG":
            if data[12:16] == b"IHDR":
                return struct.unpack(">II", data[16:24])
        elif fmt == "WEBP":
            return _webp_size(data)
        elif fmt == "JPEG":
            return _jpeg_size(data)
    except (struct.error, IndexError):
        pass
    return None


def _webp_size(data):
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _jpeg_size(data):
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            i += 2
            continue
        if marker == 0xDA:  # start of scan: no frame header before it
            return None
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def _open(data, fmt):
    """Open with Pillow's parser for `fmt` only; decompression bombs raise."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(BytesIO(data), formats=_PILLOW_FORMATS[fmt])


# --- validators -------------------------------------------------------------


def validate_image(upload):
    """Refuse anything but a sound JPEG, PNG or WebP of at most 10 MB and 40 megapixels.

    Works on an uploaded file or on a model's FieldFile. A FieldFile already in
    storage (the image was not changed) is not checked again.
    """
    if _is_stored(upload):
        return
    try:
        _check_image(upload)
    finally:
        upload.seek(0)


def _check_image(upload):
    size = _size(upload)
    if size == 0:
        raise _error(IMAGE_MESSAGES, "empty")
    if size is not None and size > MAX_IMAGE_BYTES:
        raise _error(IMAGE_MESSAGES, "file_too_large", max_mb=MAX_IMAGE_BYTES // (1024 * 1024))
    data = _read(upload, MAX_IMAGE_BYTES)
    if not data:
        raise _error(IMAGE_MESSAGES, "empty")
    if len(data) > MAX_IMAGE_BYTES:
        raise _error(IMAGE_MESSAGES, "file_too_large", max_mb=MAX_IMAGE_BYTES // (1024 * 1024))

    fmt = _sniff_image(data)
    if fmt is None:
        other = _sniff_other_image(data)
        if other:
            raise _error(IMAGE_MESSAGES, "unsupported_format", format=other)
        raise _error(IMAGE_MESSAGES, "not_image")

    label, extensions = IMAGE_FORMATS[fmt]
    extension = _extension(upload)
    if not extension:
        raise _error(
            IMAGE_MESSAGES, "missing_extension", format=label, expected=" / ".join(extensions)
        )
    if extension not in extensions:
        raise _error(IMAGE_MESSAGES, "extension_mismatch", extension=extension, format=label)

    # The size from the header, before Pillow is given the file: Pillow's WebP
    # reader allocates the whole canvas as soon as it opens a file.
    header_size = _header_size(data, fmt)
    if header_size and header_size[0] * header_size[1] > MAX_IMAGE_PIXELS:
        raise _pixels_error(*header_size)

    try:
        with _open(data, fmt) as im:
            if im.format not in _PILLOW_FORMATS[fmt]:
                raise _error(IMAGE_MESSAGES, "damaged")
            width, height = im.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _pixels_error(width, height)
            im.verify()
        # verify() leaves the image unusable; decode it from scratch to find
        # truncated data. Pillow refuses that only while its global
        # ImageFile.LOAD_TRUNCATED_IMAGES is False: never set it anywhere.
        with _open(data, fmt) as im:
            if fmt == "JPEG":
                # Decode at 1/8 scale: every byte of the data is still read
                # (so truncation is still found), in a 64th of the memory.
                im.draft(None, (max(1, width // 8), max(1, height // 8)))
            im.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _pixels_error(*(header_size or (None, None))) from None
    except Exception:  # Pillow raises many kinds of error for a broken file.
        raise _error(IMAGE_MESSAGES, "damaged") from None


def validate_pdf(upload):
    """Refuse anything but a non-empty PDF (by content and name) of at most 20 MB."""
    if _is_stored(upload):
        return
    try:
        size = _size(upload)
        if size == 0:
            raise _error(PDF_MESSAGES, "empty")
        if size is not None and size > MAX_PDF_BYTES:
            raise _error(PDF_MESSAGES, "file_too_large", max_mb=MAX_PDF_BYTES // (1024 * 1024))
        upload.seek(0)
        head = upload.read(5)
        if not head:
            raise _error(PDF_MESSAGES, "empty")
        if head != b"%PDF-":
            raise _error(PDF_MESSAGES, "not_pdf")
        if _extension(upload) != ".pdf":
            raise _error(PDF_MESSAGES, "extension")
    finally:
        upload.seek(0)


# --- cleaning ---------------------------------------------------------------


def _profile_colour_space(icc):
    """'RGB', 'GRAY', 'CMYK'… for an ICC profile, or None if it cannot be read."""
    try:
        return ImageCms.ImageCmsProfile(BytesIO(icc)).profile.xcolor_space.strip()
    except Exception:
        return None


def _cmyk_to_rgb(im, icc):
    if icc:
        try:
            return ImageCms.profileToProfile(
                im,
                ImageCms.ImageCmsProfile(BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except Exception:
            pass
    return im.convert("RGB")


def _to_rgb(im, icc=None):
    """An RGB version of any mode, and the ICC profile if it is still valid for it."""
    if im.mode == "CMYK":
        return _cmyk_to_rgb(im, icc), None
    if im.mode in ("I", "F") or im.mode.startswith("I;16"):
        # Pillow clips these to 0–255 instead of scaling them.
        im = im.convert("I").point(lambda v: v / 256).convert("L")
    keep = icc if icc and _profile_colour_space(icc) == "RGB" else None  # not a grey one
    return (im if im.mode == "RGB" else im.convert("RGB")), keep


def _image_bytes(im, fmt, **params):
    im.info = {}  # nothing from the source is written unless passed here
    params = {key: value for key, value in params.items() if value is not None}
    out = BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def clean_image(upload):
    """The image re-encoded from its pixels, upright and without any metadata.

    EXIF (GPS position, camera, dates), XMP, comments and PNG text are
    dropped; the ICC colour profile and PNG transparency are kept. The format
    and the file name stay the same. Expects an image `validate_image` accepted.
    """
    data = _read(upload)
    fmt = _sniff_image(data)
    if fmt is None:
        raise _error(IMAGE_MESSAGES, "not_image")
    with _open(data, fmt) as source:
        icc = source.info.get("icc_profile")
        transparency = source.info.get("transparency")
        im = ImageOps.exif_transpose(source)  # a loaded copy

    if fmt == "JPEG":
        if im.mode not in ("RGB", "L"):
            im, icc = _to_rgb(im, icc)
        content = _image_bytes(im, "JPEG", quality=JPEG_QUALITY, optimize=True, icc_profile=icc)
    elif fmt == "PNG":
        content = _image_bytes(im, "PNG", optimize=True, icc_profile=icc, transparency=transparency)
    else:
        if im.mode not in ("RGB", "RGBA"):
            im = im.convert("RGBA" if im.has_transparency_data else "RGB")
        content = _image_bytes(im, "WEBP", quality=WEBP_QUALITY, icc_profile=icc)
    return ContentFile(content, name=posixpath.basename(upload.name or "image"))


def make_thumbnail(image_file, max_size=THUMBNAIL_SIZE):
    """A small upright copy: `<stem>-thumb.jpg`, or `.webp` if it has transparency.

    Fits within `max_size`, keeps the aspect ratio and never enlarges.
    """
    data = _read(image_file)
    fmt = _sniff_image(data)
    if fmt is None:
        raise _error(IMAGE_MESSAGES, "not_image")
    with _open(data, fmt) as im:
        icc = im.info.get("icc_profile")
        orientation = im.getexif().get(ExifTags.Base.Orientation, 1)
        # Shrink first (JPEGs are decoded at reduced size), then turn upright:
        # a quarter turn swaps the box's sides.
        box = (max_size[1], max_size[0]) if orientation in (5, 6, 7, 8) else tuple(max_size)
        im.thumbnail(box, Image.Resampling.LANCZOS)
        thumb = ImageOps.exif_transpose(im)

    if thumb.has_transparency_data:
        rgba = thumb.convert("RGBA")
        if rgba.getchannel("A").getextrema()[0] < 255:
            keep = icc if icc and _profile_colour_space(icc) == "RGB" else None
            content = _image_bytes(rgba, "WEBP", quality=THUMBNAIL_QUALITY, icc_profile=keep)
            return ContentFile(content, name=f"{_stem(image_file)}-thumb.webp")
        thumb = rgba.convert("RGB")
    thumb, keep = _to_rgb(thumb, icc)
    content = _image_bytes(
        thumb, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True, icc_profile=keep
    )
    return ContentFile(content, name=f"{_stem(image_file)}-thumb.jpg")


def _stem(file):
    return posixpath.splitext(posixpath.basename(file.name or "image"))[0] or "image"


def process_photo(photo):
    """Clean a newly uploaded `photo.image` and make `photo.thumbnail` from it.

    For any object with `image` and `thumbnail` FieldFiles (a `Photo`). Does
    nothing when the image is empty or already stored, so thumbnails are made
    once. Both files are written to storage; the object itself is not saved.
    Returns True when it processed a new image.
    """
    image = photo.image
    if not image or getattr(image, "_committed", True):
        return False
    cleaned = clean_image(image)
    thumbnail = make_thumbnail(cleaned)
    photo.image.save(cleaned.name, cleaned, save=False)
    photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
    return True


class SafeImageField(models.ImageField):
    """An image field whose uploads are checked by `validate_image` (JPEG, PNG
    or WebP, at most 10 MB and 40 megapixels, not damaged or disguised).

    Its form field does not open the file itself, so every refusal carries one
    of the clear messages above instead of Django's generic one.
    """

    default_validators = [validate_image]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.FileField, **kwargs})


def store_cleaned_image(field_file):
    """Replace a newly uploaded image with its cleaned copy (upright, no
    metadata). Does nothing for an empty or already stored file."""
    if not field_file or getattr(field_file, "_committed", True):
        return False
    cleaned = clean_image(field_file)
    field_file.save(cleaned.name, cleaned, save=False)
    return True
