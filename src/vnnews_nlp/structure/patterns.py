"""Line patterns of news dumps: web-template junk, credits, bylines, datelines.

Every pattern is anchored on one stripped line and built from bounded,
non-nested repetitions, so matching stays linear on long inputs.
"""
from __future__ import annotations

import regex

_FLAGS = regex.V1 | regex.IGNORECASE

# `{name} - {time}`: an unfilled page template.
TEMPLATE = regex.compile(r"\{[^{}\n]{1,40}\}(?:\s{0,3}[-–—|:,/]?\s{0,3}\{[^{}\n]{1,40}\}){0,5}")
# A lone `-`, `***`, `___` between template items.
SEPARATOR = regex.compile(r"[-–—_=*•·~|+#.…]{1,80}")

_WEEKDAY = r"(?:thứ\s?(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s?nhật|cn|mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}"
_DATE = (r"(?:\d{4}-\d{1,2}-\d{1,2}(?:t\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:z|[+-]\d{2}:?\d{2})?)?"
         r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))")
_TIME = r"\d{1,2}(?::|h|g)\d{2}(?::\d{2})?(?:\s?(?:am|pm|sa|ch))?"
_STAMP_PREFIX = (r"(?:cập nhật(?: lúc)?|đăng(?: lúc| ngày)?|ngày đăng|thời gian|xuất bản|"
                 r"posted|updated|published|ngày)\s{0,3}:?")
# A line that is only a date and/or time, as pages print them near the title or per related item.
TIMESTAMP = regex.compile(
    rf"(?:{_STAMP_PREFIX}\s{{0,3}})?(?:{_WEEKDAY}\s{{0,3}}[,-]?\s{{0,3}})?"
    rf"(?:{_TIME}\s{{0,3}}[,|-]?\s{{0,3}})?(?:ngày\s{{1,2}})?{_DATE}"
    rf"(?:\s{{0,3}}[,|-]?\s{{0,3}}(?:lúc\s)?{_TIME})?"
    r"(?:\s{0,3}\(?(?:gmt|utc)\s?[+-]\s?\d{1,2}(?::?00)?\)?)?",
    _FLAGS)
# A stamp a page prints (with a clock time or in ISO form), not a date a writer typed.
MACHINE_STAMP = regex.compile(rf"{_TIME}|\d{{4}}-\d{{1,2}}-\d{{1,2}}", _FLAGS)
DATE_PARTS = regex.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4}|\d{2})")

RELATED_MARKER = regex.compile(
    r"(?:tin|bài|bài viết|tin bài)\s(?:liên quan|cùng chuyên mục|khác|đã đưa|mới(?: nhất| hơn)?|cũ hơn|"
    r"nổi bật|xem nhiều|đọc nhiều|tiêu điểm|nóng)"
    r"|các (?:tin|bài) (?:khác|đã đưa|liên quan)|cùng chuyên mục|xem thêm|đọc thêm|xem tiếp|"
    r"có thể bạn quan tâm|bạn có thể quan tâm|đọc nhiều nhất|xem nhiều nhất|tin đọc nhiều",
    _FLAGS)
# After a marker: nothing, or `:`/`>>` and one headline on the same line.
RELATED_TAIL = regex.compile(r"\s{0,3}(?:[:>»›.]{1,3}.{0,300})?", regex.V1)

_SHARE_WORD = (r"(?:chia sẻ(?: bài viết)?|share|facebook|zalo|twitter|tweet|linkedin|e-?mail|"
               r"in bài(?: viết)?|bản in|print|gửi bài|gửi email|gửi bình luận|bình luận(?: \(\d{1,6}\))?|"
               r"\d{1,6} bình luận|ý kiến bạn đọc|gửi ý kiến|lưu bài(?: viết)?|lưu|like|thích|"
               r"quay lại|trở về|về đầu trang|lên đầu trang|theo dõi|google news|copy link|"
               r"sao chép liên kết|phản hồi|trang chủ)")
SHARE = regex.compile(rf"{_SHARE_WORD}(?:\s{{0,3}}[|/·•,-]?\s{{0,3}}{_SHARE_WORD}){{0,8}}", _FLAGS)
TAGS = regex.compile(r"(?:tags?|từ khóa|từ khoá|chủ đề)\s{0,3}:.{0,400}", _FLAGS)

_CREDIT_WORD = (r"(?:ảnh(?: minh (?:họa|hoạ)| tư liệu| chụp màn hình| bìa| trong bài)?|nguồn ảnh|"
                r"photo|video|clip|đồ (?:họa|hoạ)|minh (?:họa|hoạ)|thiết kế|infographic)")
# `Ảnh: Q.LIÊM`, `(Ảnh minh họa)`, `Ảnh: internet`.
CREDIT = regex.compile(
    rf"[(\[]?\s{{0,2}}{_CREDIT_WORD}(?:\s{{0,2}}[:-]\s{{0,2}}[^\n]{{1,80}}?)?\s{{0,2}}[)\]]?\.?", _FLAGS)
# A credit closing a caption line: `Toàn cảnh hội nghị. Ảnh: Q.LIÊM`, `… - Ảnh: T.T.D.`.
_CREDIT_NAME = r"[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&]{0,20}"
TRAILING_CREDIT = regex.compile(
    r"(?:(?<=[.!?…”\"])\s{1,3}|\s[-–]\s{1,3}|\s{1,3}(?=[(\[]))"
    r"[(\[]?(?:Ảnh|ẢNH|Photo|PHOTO|Nguồn ảnh|Đồ họa|Đồ hoạ)\s{0,2}:\s{0,2}"
    rf"{_CREDIT_NAME}(?:(?:\s|\s[-–/]\s|/){_CREDIT_NAME}){{0,5}}\s{{0,2}}[)\]]?\.?$",
    regex.V1)
# `Theo TTXVN`, `(Theo báo Nhân Dân)`, `(Nguồn: Bộ Y tế)`, `(TTXVN)`: names, not prose.
SOURCE = regex.compile(
    r"[(\[]?\s{0,2}(?:(?i:theo|nguồn)\s{0,2}:\s{0,2}|(?i:theo|nguồn)\s{1,3})"
    r"(?:(?:báo|tạp chí|hãng tin|hãng|đài|trang|tờ|website|Báo|Đài|Trang)\s)?"
    r"\p{Lu}[\p{L}\p{N}.&-]{0,20}(?:\s[\p{L}\p{N}][\p{L}\p{N}.&-]{0,20}){0,6}\s{0,2}[)\]]?\.?"
    r"|[(\[](?:\p{Lu}{2,8}|\p{Lu}\p{Ll}{1,10}(?:\s\p{Lu}\p{Ll}{1,10}){1,3})[)\]]", regex.V1)
# Reader letters forwarded as e-mail: `From: … Sent: … Subject: …`.
LETTER_HEADER = regex.compile(
    r"(?:from|sent|to|subject|date|cc|người gửi|gửi từ|ngày gửi|tiêu đề)\s{0,2}:.{0,600}", _FLAGS)
LETTER_KEY = regex.compile(r"\b(?:from|sent|to|subject|cc)\s{0,2}:", _FLAGS)

# A headline that ends with its date: `Đà Lạt thêm công trình được chỉnh trang(18/11/2004)`.
DATED_HEADLINE = regex.compile(r".{8,250}?\(\s?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\s?\)", regex.V1)

# Byline: optional role prefix, one or more names, optional agency suffix.
_NAME_WORD = (r"(?:(?:\p{Lu}\.){0,3}\p{Lu}[\p{Ll}\p{M}]{0,7}|(?:\p{Lu}\.){0,3}\p{Lu}[\p{Lu}\p{M}]{0,7}"
              r"|(?:\p{Lu}\.){1,3})(?![\p{L}\p{M}\p{N}]|\.\p{L})")
NAME = regex.compile(rf"(?:{_NAME_WORD})(?:\s(?:{_NAME_WORD})){{0,4}}", regex.V1)
BYLINE_PREFIX = regex.compile(
    r"(?:bài(?:\s?(?:và|,|/|&)\s?ảnh)?|tin(?:\s?(?:và|,|/|&)\s?ảnh)?|ảnh|phóng viên|pv|nhóm (?:pv|phóng viên)|"
    r"thực hiện|ghi chép(?: của)?|ghi|lược dịch|dịch|biên dịch|tổng hợp|tác giả|by|"
    r"bs|ts|ths|pgs|gs|ks|ls|nsưt|nsnd|bác sĩ|tiến sĩ|luật sư|nhà báo|nhà văn|nhà thơ|họa sĩ|hoạ sĩ)"
    r"\.?\s{0,2}[:-]?\s{0,2}",
    _FLAGS)
NAME_JOINER = regex.compile(r"\s{0,2}(?:[-–,&]|và)\s{0,2}", regex.V1)
BYLINE_SUFFIX = regex.compile(
    r"\s{0,2}(?:[(\[][^()\[\]\n]{1,40}[)\]]|[-–/]\s{0,2}\p{Lu}[\p{L}.]{1,15}(?:\s\p{Lu}[\p{L}.]{1,15}){0,2}"
    r"|,\s{0,2}\p{Lu}[\p{L}.]{0,15}(?:\s\p{L}[\p{L}.]{0,15}){0,3})\.?"
    r"|\.", regex.V1)
# First words of headings and captions that never open a name.
NOT_NAME_FIRST = frozenset(
    "tin bài ảnh video clip theo nguồn các những mọi một hai ba bốn năm sáu bảy tám chín mười "
    "toàn cảnh đại diện lãnh đạo đồng chí ông bà thứ chủ tháng ngày tuần phần chương mục kỳ tập "
    "xem đọc trang tags thông liên địa điện email website hình phóng sở bộ ban ủy hội công "
    "trường bệnh viện tỉnh huyện xã quận phường thành tp ubnd hđnd".split())
# Newspapers signed at the end of a reprint: a source line, not a byline.
PAPERS = frozenset(
    "tuổi trẻ|thanh niên|người lao động|nhân dân|tiền phong|lao động|dân trí|vnexpress|"
    "vietnamnet|ttxvn|vnn|sài gòn giải phóng|sggp|pháp luật|công an nhân dân".split("|"))
# Bare lines that look like names but are places.
NOT_NAMES = PAPERS | frozenset(
    "hà nội|việt nam|tp.hcm|tp hcm|tphcm|đà nẵng|hải phòng|cần thơ|huế|sài gòn|bắc kinh".split("|"))
