"""Makes the metadata fixtures with Pillow, an encoder independent of ours.

    python3 -m venv /tmp/pil && /tmp/pil/bin/pip install Pillow
    /tmp/pil/bin/python crates/denoise/tests/data/metadata/make.py

photo_icc_exif.png and photo_icc_exif.jpg: 8x6 RGB, an iCCP / APP2 sRGB
profile made by LittleCMS, and an EXIF block with Make "Toolcup test",
Orientation 6 (turn 90 degrees clockwise to view) and DateTime.
The pixels are stored sideways, so read upright they are 6x8.
"""

from pathlib import Path

from PIL import Image, ImageCms

here = Path(__file__).parent
profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
img = Image.new("RGB", (8, 6))
img.putdata([((x * 31) % 256, (y * 40) % 256, (x * y * 7) % 256) for y in range(6) for x in range(8)])
exif = Image.Exif()
exif[0x010F] = "Toolcup test"  # Make
exif[0x0112] = 6  # Orientation
exif[0x0132] = "2026:12:06 12:00:00"  # DateTime
img.save(here / "photo_icc_exif.png", icc_profile=profile, exif=exif.tobytes())
img.save(here / "photo_icc_exif.jpg", icc_profile=profile, exif=exif.tobytes(), quality=95)
(here / "srgb.icc").write_bytes(profile)
print(len(profile), "byte profile")
