"""A large synthetic catalog made from the real entries, for benchmarks.

Real procedure databases hold thousands of entries that recombine a few
actions (cấp, cấp lại, gia hạn, điều chỉnh, thu hồi ...) with a few hundred
objects and qualifiers. The synthetic entries do the same with the bundled
catalog's objects, so they are realistic distractors for the real entries,
which keep their ids and stay in the catalog.
"""

from __future__ import annotations

import itertools
import random

from knowledge.catalog.models import Procedure
from knowledge.catalog.store import Catalog

ACTIONS = (
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Điều chỉnh",
    "Sửa đổi, bổ sung",
    "Thu hồi",
    "Xác nhận",
    "Thông báo thay đổi",
    "Chấm dứt",
    "Đăng ký lại",
    "Hủy bỏ",
    "Công nhận",
    "Thẩm định",
    "Phê duyệt",
    "Tạm dừng",
    "Khôi phục",
)
QUALIFIERS = (
    "",
    "đối với tổ chức",
    "đối với doanh nghiệp có vốn đầu tư nước ngoài",
    "tại khu kinh tế",
    "trong trường hợp bị hư hỏng",
    "do thay đổi thông tin",
    "cho người nước ngoài",
    "đối với hợp tác xã",
    "trong khu công nghiệp",
    "cho đơn vị sự nghiệp công lập",
    "theo hình thức trực tuyến",
    "đối với cơ sở tôn giáo",
    "trên địa bàn biên giới",
)
_PREFIXES = (
    "Đăng ký",
    "Cấp lại",
    "Cấp đổi",
    "Cấp",
    "Chứng thực",
    "Thông báo",
    "Giải quyết",
    "Xác định",
    "Tiếp nhận",
    "Chấm dứt",
    "Tách",
    "Xóa",
    "Khai báo",
)


def object_of(name: str) -> str:
    """The object a procedure acts on: its name without the leading action."""
    for prefix in _PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name[0].lower() + name[1:]


def synthesize(catalog: Catalog, size: int, seed: int = 13) -> Catalog:
    """A catalog of `size` procedures: every real entry plus synthetic ones."""
    rng = random.Random(seed)
    real = list(catalog)
    combos = list(itertools.product(range(len(real)), ACTIONS, QUALIFIERS))
    rng.shuffle(combos)
    existing = {p.name.lower() for p in real}
    synthetic: list[Procedure] = []
    for index, (base_index, action, qualifier) in enumerate(combos):
        if len(real) + len(synthetic) >= size:
            break
        base = real[base_index]
        name = f"{action} {object_of(base.name)} {qualifier}".strip()
        if name.lower() in existing:
            continue
        existing.add(name.lower())
        synthetic.append(
            base.model_copy(
                update={
                    "id": f"synth.{base.id.replace('.', '-')}-{index}",
                    "name": name,
                    "aliases": [],
                    "code": None,
                }
            )
        )
    return Catalog([*real, *synthetic])
