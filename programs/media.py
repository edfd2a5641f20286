"""Exercise media: a photo resized with a thumbnail, a short video recognised by its content.

Media are the clinic's public teaching material, shown on every plan that holds the exercise;
they never hold runner data. What a file is comes from its bytes, never from its name or
the browser's content type: a text file called video.mp4 is refused, and the stored name
gets the extension that matches the content, so the file is served with the right type.
"""

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from PIL import Image, ImageOps

# The plan shows a photo at most about 600 CSS px wide; 1200 covers a 2x phone screen.
IMAGE_MAX_SIDE = 1200
# The card's small picture (and the srcset's smallest candidate).
THUMBNAIL_MAX_SIDE = 320
IMAGE_QUALITY = 82

# ISO base media brands that browsers play as video/mp4 (QuickTime's "qt  " is not one).
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
    b"MSNV",
}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# Photo formats every phone browser shows (Pillow's names).
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class ResizedImage:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def video_kind(head: bytes) -> str | None:
    """ "mp4" or "webm" from a file's first bytes, or None for anything else.

    MP4: the first box is `ftyp` (size, then b"ftyp", then the major brand). WebM: the EBML
    header's magic number, with the DocType "webm" (a Matroska .mkv is not played by Safari
    and Chrome reliably) inside the header."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(len(head), 64), 4)}
        return "mp4" if brands & MP4_BRANDS else None
    if head.startswith(EBML_MAGIC) and b"\x42\x82\x84webm" in head[:64]:
        return "webm"
    return None


def video_check(upload: UploadedFile) -> str:
    """The video's kind ("mp4" or "webm"), or a ValidationError saying what is wrong."""
    limit = settings.EXERCISE_VIDEO_MAX_MB * 1024 * 1024
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            f"This video is {_megabytes(upload.size or 0)}; the limit is "
            f"{settings.EXERCISE_VIDEO_MAX_MB} MB (EXERCISE_VIDEO_MAX_MB). Please shorten it "
            "or export it at a lower quality."
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    kind = video_kind(head)
    if kind is None:
        raise ValidationError(
            "This file is not an MP4 or WebM video (its content, not its name, is checked). "
            "Please export the video as MP4 (H.264) or WebM and upload that."
        )
    return kind


def image_check(upload: UploadedFile) -> None:
    limit = settings.EXERCISE_IMAGE_MAX_MB * 1024 * 1024
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            f"This photo is {_megabytes(upload.size or 0)}; the limit is "
            f"{settings.EXERCISE_IMAGE_MAX_MB} MB (EXERCISE_IMAGE_MAX_MB)."
        )


def _webp(image: Image.Image) -> ContentFile:
    out = BytesIO()
    image.save(out, "WEBP", quality=IMAGE_QUALITY, method=4)
    return ContentFile(out.getvalue())


def image_resize(upload: File) -> ResizedImage:
    """The photo turned upright (phones store rotation in EXIF), at most IMAGE_MAX_SIDE,
    re-encoded as WebP (which also drops EXIF: no camera GPS position leaves the clinic),
    and a thumbnail of at most THUMBNAIL_MAX_SIDE. The caller has validated it as an image."""
    upload.seek(0)
    with Image.open(upload) as opened:
        image = ImageOps.exif_transpose(opened)
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE), Image.Resampling.LANCZOS)
    return ResizedImage(_webp(image), _webp(thumbnail), image.width, image.height)


def media_name(exercise_name: str, extension: str) -> str:
    """A new name per upload: browsers and the plan's service worker may keep a file for
    good, so a replaced photo must never reuse the old address."""
    return f"{slugify(exercise_name)[:60] or 'exercise'}-{get_random_string(8).lower()}.{extension}"
