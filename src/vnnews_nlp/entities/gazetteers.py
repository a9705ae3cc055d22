"""Word lists for the entity rules: places, name syllables, organisation heads, titles.

Places and names come from `data/gazetteers/*.tsv` (built by
`scripts/build_gazetteers.py`, sources in each row); the short lists of
heads, titles and unit words are the guideline's vocabulary, kept here.
Everything loads once per process.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from ..paths import data_path

# Unit words of an administrative qualifier (`UBND tỉnh Thanh Hóa`) or a place (`huyện Như Thanh`).
ADMIN_UNITS = (
    "tỉnh", "thành phố", "TP", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường",
)
# Regions named after a river or a place with its own unit: `đồng bằng sông Hồng`, one LOC.
REGION_UNITS = ("đồng bằng", "bán đảo", "cao nguyên", "duyên hải")
PLACE_UNITS = ADMIN_UNITS + (
    "thôn", "bản", "ấp", "làng", "xóm", "tổ dân phố", "khu phố", "khu công nghiệp", "khu kinh tế", "khu đô thị",
    "đường", "phố", "quốc lộ", "cao tốc", "sông", "núi", "đảo", "quần đảo", "vịnh", "sân bay", "cảng",
    "KCN", "KKT", "KĐT", "KDC", "đại lộ", "tỉnh lộ", "ngõ", "hẻm",
) + REGION_UNITS
# Road words: the name after one is a road even when it is a person's (`đường Nguyễn Huệ`).
STREET_UNITS = ("đường", "phố", "quốc lộ", "đại lộ", "tỉnh lộ", "ngõ", "hẻm")

# Organisations written as one fixed name (the guideline's `Quốc hội`, `Chính phủ`, `Tỉnh ủy`, `Đảng`).
FIXED_ORGS = (
    "Quốc hội", "Chính phủ", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Huyện ủy", "Huyện uỷ",
    "Quận ủy", "Quận uỷ", "Thị ủy", "Thị uỷ", "Đảng ủy", "Đảng uỷ", "Bộ Chính trị", "Ban Bí thư",
    "Trung ương Đảng", "Ban Chấp hành Trung ương", "Mặt trận Tổ quốc", "UBND", "HĐND", "UBMTTQ",
    "MTTQ", "Đảng", "Văn phòng Chính phủ",
)
# Fields of ministries and provincial departments (`Bộ`/`Sở` + field), written out in full.
FIELDS = (
    "Giáo dục và Đào tạo", "Tài nguyên và Môi trường", "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường", "Kế hoạch và Đầu tư", "Lao động - Thương binh và Xã hội",
    "Lao động, Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch", "Văn hoá, Thể thao và Du lịch",
    "Văn hóa - Thể thao và Du lịch", "Thông tin và Truyền thông", "Khoa học và Công nghệ", "Giao thông vận tải",
    "Giao thông Vận tải", "Tài chính", "Công Thương", "Công thương", "Xây dựng", "Tư pháp", "Y tế", "Nội vụ",
    "Ngoại giao", "Quốc phòng", "Công an", "Dân tộc và Tôn giáo", "Khoa học - Công nghệ", "Tài nguyên - Môi trường",
    "Kế hoạch - Đầu tư", "Giáo dục - Đào tạo", "Văn hóa và Thông tin", "Văn hóa - Thông tin", "Thương mại",
    "Bưu chính Viễn thông", "Thủy sản", "Ngoại vụ", "Du lịch", "Văn hóa và Thể thao",
)
# Abbreviated or one-word heads after which an administrative qualifier belongs to the ORG.
QUALIFIABLE_HEADS = (
    "UBND", "HĐND", "UBMTTQ", "MTTQ", "HKH", "Hội LHPN", "LĐLĐ", "Công an", "Tỉnh đoàn", "Huyện đoàn",
    "Thành đoàn", "Hội Khuyến học", "Hội khuyến học", "Hội Nông dân", "Hội Cựu chiến binh",
    "Hội Chữ thập đỏ", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Ủy ban nhân dân", "Uỷ ban nhân dân",
    "Hội đồng nhân dân", "Mặt trận Tổ quốc", "Ban Thường vụ", "Ban Tuyên giáo", "Ban Dân vận",
    "Ban Tổ chức", "Ban Kiểm tra", "Văn phòng", "Kho bạc Nhà nước", "Bảo hiểm xã hội", "BHXH",
    "Tòa án nhân dân", "TAND", "Viện Kiểm sát nhân dân", "VKSND", "Chi cục Thuế", "Cục Thuế",
    "Sở", "Phòng", "Trung tâm Y tế", "Bệnh viện Đa khoa", "Đảng bộ", "Huyện ủy", "Tỉnh ủy", "Thành ủy",
)
# Lower-case heads that open an ORG when a qualifier or a name follows (`công an quận Hoàn Kiếm`).
LOWER_HEADS = ("công an", "bệnh viện", "viện kiểm sát", "ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân",
               "đại sứ quán", "sứ quán", "lãnh sự quán", "tổng lãnh sự quán")
# Honorifics and academic titles: a span opening with one of them is a person (`PGS Hải` → `Hải`).
PERSON_TITLES = ("ông", "bà", "anh", "chị", "cụ", "PGS", "GS", "TS", "ThS", "BS", "NSƯT", "NSND", "HLV", "PGS.TS")
# Verbs and adverbs that never belong to a name: a span the model ran on over one is cut there
# (`Sở TN&MT hoàn thành ...`, `Chi cục Kiểm lâm tăng cường ...`).
CUT_WORDS = (
    "đã", "sẽ", "đang", "vừa", "cần", "phải", "muốn", "sớm", "được", "bị", "là", "có", "không", "chưa", "cũng",
    "vẫn", "đều", "còn", "thì", "mà", "nhưng", "vì", "nên", "thay vì", "hoàn thành", "tăng cường", "cho biết",
    "cho rằng", "đề nghị", "yêu cầu", "tổ chức", "triển khai", "phối hợp", "tiếp tục", "khẳng định", "chiếm",
    "trình", "tham mưu", "thông báo", "công bố", "ký", "nói", "tuyên bố", "quyết định", "đánh bại", "thắng", "thua",
    "gặp", "đối", "hòa", "hạ", "tiếp", "dự", "thăm", "làm", "đưa", "giữ", "đạt", "mua", "bán", "cung cấp",
    "chủ trì", "tranh", "tương tự", "do", "nhận", "tròn", "trao", "tặng", "ra", "vào", "mới đây", "hôm qua",
)
# Function words that never end a name (`Tổ chức Nông lương của`, `Phòng Cảnh sát PCCC và`).
TRAILING_WORDS = ("của", "với", "và", "cho", "tại", "ở", "trong", "về", "này", "đó", "kia", "từ", "theo", "như", "cùng",
                  "hay", "hoặc", "cũ", "mới", "trên", "dưới", "sau", "trước", "đến", "tới", "gồm", "các", "những")
# Words that tie a branch or office to its parent ORG (`NHNN chi nhánh TP Cần Thơ`).
BRANCH_WORDS = ("chi nhánh", "văn phòng đại diện")
# Heads of bodies that take their seat along: `Lãnh sự quán Mỹ tại TP.HCM`, `Văn phòng UNDP tại Hà Nội`.
MISSION_HEADS = ("đại sứ quán", "tổng lãnh sự quán", "lãnh sự quán", "văn phòng", "văn phòng đại diện", "phái đoàn",
                 "cơ quan đại diện")
# Heads of state bodies whose ORG is often followed directly by an official's name.
GOVERNMENT_HEADS = ("Bộ", "Sở", "Ban", "Ủy ban", "Uỷ ban", "UBND", "HĐND", "Cục", "Tổng cục", "Vụ", "Hội", "Tỉnh ủy",
                    "Huyện ủy", "Thành ủy", "Tỉnh uỷ", "Huyện uỷ", "Thành uỷ", "Công an", "Phòng", "Chi cục")
# Titles, functions and honorifics that stand before a name and stay outside PER.
TITLES = (
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "cháu", "thầy", "ngài", "đồng chí", "đ/c",
    "Chủ tịch", "Phó Chủ tịch", "Bí thư", "Phó Bí thư", "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc",
    "Thủ tướng", "Phó Thủ tướng", "Bộ trưởng", "Thứ trưởng", "Thứ trưởng", "Trưởng ban", "Phó Trưởng ban",
    "Trưởng phòng", "Chánh án", "Viện trưởng", "Hiệu trưởng", "Tổng thống", "Phó Tổng thống",
    "Tổng Bí thư", "Chủ nhiệm", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy",
    "Trung úy", "Thiếu tướng", "Trung tướng", "Thượng tướng", "Đại tướng", "Đại sứ", "HLV", "HLV trưởng",
    "TS", "ThS", "PGS", "GS", "BS", "NSƯT", "NSND", "nhà báo", "nhạc sĩ", "ca sĩ", "nghệ sĩ", "tiền đạo",
    "thủ môn", "tiền vệ", "hậu vệ", "thủ tướng", "tổng thống", "bộ trưởng", "chủ tịch", "giám đốc",
    "bị cáo", "luật sư", "bác sĩ", "giáo sư", "tiến sĩ", "kỹ sư", "đạo diễn", "diễn viên", "Đức Giáo hoàng",
    "Giáo hoàng", "Hoàng tử", "Công chúa", "Vua", "Nữ hoàng", "Thống đốc", "Thị trưởng",
    "PV", "phóng viên", "CTV", "cộng tác viên", "BTV", "biên tập viên", "ĐBQH", "đại biểu Quốc hội", "đại biểu",
)
# Heads of a sports club's name (`CLB TP.HCM`, `câu lạc bộ Thể Công`).
CLUB_HEADS = ("CLB", "Câu lạc bộ", "câu lạc bộ")
# School levels after `Trường`: the name that follows may be a person's (`Trường THCS Nguyễn Huệ`).
# Universities are left to the model: their names run on in lower case (`Đại học Bách khoa Hà Nội`).
SCHOOL_LEVELS = (
    "THCS", "THPT", "PTTH", "PTCS", "TH", "MN", "Tiểu học", "tiểu học", "Trung học cơ sở", "Trung học phổ thông",
    "Mầm non", "mầm non", "Mẫu giáo", "mẫu giáo", "PTDTNT", "PTDTBT", "chuyên",
)
# Capitalised openings of events and generic kinds that the model takes for bodies (`Hội chợ`, `Hội nghị`).
NOT_ORG_OPENINGS = ("Hội chợ", "Hội nghị", "Hội thảo", "Hội thi", "Hội diễn", "Hội giảng", "Hội báo", "Hội khỏe",
                    "Hội khoẻ", "Hội trại", "Hội xuân", "Hội sách")
GENERIC_ORGS = ("Trung tâm học tập cộng đồng", "Nhà văn hóa", "Nhà văn hoá", "Trạm y tế", "Hội đồng", "Trung tâm",
                "Ban", "Phòng", "Công ty", "Nhà trường", "Ban tổ chức")
# Place units whose name is the place's even when it reads as a person's (`đường Nguyễn Huệ`, `cảng Sơn Dương`).
NAMED_PLACE_UNITS = STREET_UNITS + ("cao tốc", "cảng", "sân bay", "sông", "núi", "đảo", "quần đảo", "vịnh")
# Roads that join two places: `cao tốc Bắc - Nam`, `quốc lộ Hà Nội - Hải Phòng`.
HIGHWAY_UNITS = ("cao tốc", "quốc lộ", "tỉnh lộ", "đường cao tốc")


def read_gazetteer(name: str) -> list[dict[str, str]]:
    """Rows of `data/gazetteers/<name>` as dicts (none when the file is missing)."""
    path: Path = data_path("gazetteers", name)
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Place name → kind (`province`, `city`, `district`, `commune`, ...); provinces win a clash."""
    rank = {"province": 0, "city": 1, "district": 2, "town": 3, "township": 4, "ward": 5, "commune": 6}
    out: dict[str, str] = {}
    for row in read_gazetteer("places.tsv"):
        name, kind = row["name"], row["kind"]
        if name not in out or rank.get(kind, 9) < rank.get(out[name], 9):
            out[name] = kind
    return out


@lru_cache(maxsize=1)
def provinces() -> frozenset[str]:
    """Province and province-level city names, old and new."""
    return frozenset(name for name, kind in places().items() if kind in ("province", "city"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(row["surname"] for row in read_gazetteer("surnames.tsv"))


@lru_cache(maxsize=1)
def given_syllables() -> frozenset[str]:
    return frozenset(row["syllable"] for row in read_gazetteer("given_names.tsv"))


@lru_cache(maxsize=1)
def entity_lexicon() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Names learnt from the training annotations, by first syllable, longest first: [(syllables, label)]."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for row in read_gazetteer("entity_lexicon.tsv"):
        words = tuple(row["text"].split(" "))
        out.setdefault(words[0], []).append((words, row["label"]))
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))
    return out


@lru_cache(maxsize=1)
def world_places() -> dict[str, str]:
    """Countries, well-known foreign cities, oceans and Chinese provinces by their Vietnamese press spellings →
    `country`/`city`/`region`."""
    return {row["name"]: row["kind"] for row in read_gazetteer("world_places.tsv")}


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """The country names of `world_places`."""
    return frozenset(name for name, kind in world_places().items() if kind == "country")


# Last words that make a capitalised Latin-script name an organisation (`Evans Data`, `Vietnam Airlines`).
LATIN_ORG_ENDINGS = (
    "Academy", "Agency", "Airlines", "Airways", "Association", "Bancorp", "Bank", "Capital", "Center", "Centre",
    "Channel", "Club", "Co", "College", "Committee", "Communications", "Company", "Corp", "Corporation", "Council",
    "Daily", "Data", "Development", "Electronics", "Energy", "Entertainment", "FC", "Federation", "Foundation",
    "Fund", "Group", "Holdings", "Hospital", "Hotel", "Inc", "Industrial", "Industries", "Institute", "Insurance",
    "International", "Journal", "Laboratories", "Labs", "Learning", "Ltd", "Magazine", "Media", "Motor", "Motors",
    "Network", "News", "Organisation", "Organization", "Partners", "Petroleum", "Pharmaceuticals", "Pictures",
    "Polytechnic", "Post", "Press", "Records", "Research", "Resort", "School", "Securities", "Services", "Software",
    "Steel", "Studios", "Systems", "Technologies", "Technology", "Telecom", "Times", "Trust", "Union", "University",
)

