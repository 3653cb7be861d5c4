"""Operations commands: `python -m kiosk retention` (run it from cron, or rely on the app's
own periodic run)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.core.config import Settings


def _retention(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.runtime import essentials
    from kiosk.services.retention import RetentionJob

    days = args.days or settings.transcript_retention_days
    with essentials(settings) as base:
        report = RetentionJob(base.db, base.clock, days).run()
    sys.stdout.write(
        f"Đã xóa {report.transcript_lines} dòng hội thoại và {report.handoff_transcripts} "
        f"bản ghi hội thoại chuyển cán bộ cũ hơn {days} ngày (trước {report.cutoff:%d/%m/%Y}).\n"
    )
    return 0


def add_commands(commands: Any) -> None:
    retention = commands.add_parser(
        "retention", help="xóa hội thoại cũ hơn thời hạn lưu (MOTCUA_TRANSCRIPT_RETENTION_DAYS)"
    )
    retention.add_argument("--days", type=int, help="thời hạn lưu, ghi đè cấu hình (ngày)")
    retention.set_defaults(run=_retention)
