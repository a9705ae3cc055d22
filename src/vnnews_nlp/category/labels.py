"""The ten VNTC topic labels, as the output JSON spells them (NFC)."""
from __future__ import annotations

import unicodedata

LABELS: tuple[str, ...] = tuple(
    unicodedata.normalize("NFC", label)
    for label in (
        "Chính trị Xã hội",
        "Đời sống",
        "Khoa học",
        "Kinh doanh",
        "Pháp luật",
        "Sức khỏe",
        "Thế giới",
        "Thể thao",
        "Văn hóa",
        "Vi tính",
    )
)
