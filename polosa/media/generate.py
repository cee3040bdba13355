"""Generated pictures for demo and benchmark content (no stock photos, nothing copied)."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from polosa.media.models import CreditedImage

PALETTES = [
    ((24, 40, 72), (200, 16, 46)),
    ((15, 76, 92), (251, 139, 36)),
    ((54, 33, 62), (238, 196, 88)),
    ((20, 20, 20), (90, 200, 180)),
    ((120, 30, 30), (240, 230, 210)),
    ((30, 90, 60), (250, 240, 120)),
]
CREDITS = [
    "Мария Лесная / Полоса",
    "Фотобанк «Ракурс»",
    "Агентство «Северный кадр»",
    "Пресс-служба фестиваля",
    "Игорь Светлов",
    "Архив редакции",
]


def render_picture(seed: int, width: int = 1600, height: int = 900) -> bytes:
    """An abstract JPEG: a two-colour gradient with circles and stripes, unique per seed."""
    rng = random.Random(seed)
    dark, light = rng.choice(PALETTES)
    image = Image.new("RGB", (width, height), dark)
    draw = ImageDraw.Draw(image)
    for row in range(0, height, 6):
        mix = row / height
        colour = tuple(int(dark[i] * (1 - mix) + light[i] * mix * 0.6) for i in range(3))
        draw.rectangle([0, row, width, row + 6], fill=colour)
    for _ in range(rng.randint(3, 7)):
        radius = rng.randint(height // 10, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=light, width=8)
    for _ in range(rng.randint(2, 4)):
        x = rng.randint(0, width)
        draw.polygon([(x, 0), (x + 80, 0), (x - 200, height), (x - 280, height)], fill=light)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def create_generated_image(title: str, seed: int, credit: str | None = None) -> CreditedImage:
    rng = random.Random(seed)
    data = render_picture(seed)
    image = CreditedImage(
        title=title,
        credit=credit or rng.choice(CREDITS),
        licence="CC BY 4.0" if seed % 3 else "Все права защищены",
    )
    image.file = ImageFile(io.BytesIO(data), name=f"generated-{seed}.jpg")
    image.save()
    return image
