"""Command line of the kiosk.

python -m kiosk serve [--host H] [--port P]
python -m kiosk import-dossiers FILE
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.core.config import Settings
from kiosk.core.errors import ImportRejected


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from kiosk.app import create_app

    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        proxy_headers=True,
    )
    return 0


def _import_dossiers(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.app import make_clock, open_database
    from kiosk.services.desk import load_desk
    from kiosk.services.dossiers import DossierService

    db = open_database(settings)
    try:
        clock = make_clock(settings, load_desk(settings.desk_config))
        report = DossierService(db, clock).import_export(Path(args.file).read_bytes())
    except ImportRejected as rejected:
        sys.stderr.write(f"Tệp có {rejected.count} lỗi, chưa ghi hồ sơ nào:\n")
        for row in rejected.rows:
            sys.stderr.write(f"  dòng {row['row']}, cột {row['column']}: {row['message']}\n")
        return 1
    finally:
        db.dispose()
    sys.stdout.write(
        f"Đã nhập: {report.created} mới, {report.updated} cập nhật, {report.unchanged} không đổi.\n"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kiosk", description="motcua kiosk")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="chạy máy chủ API (uvicorn)")
    serve.add_argument("--host", help="mặc định MOTCUA_HOST hoặc 127.0.0.1")
    serve.add_argument("--port", type=int, help="mặc định MOTCUA_PORT hoặc 8000")
    serve.set_defaults(run=_serve)
    dossiers = commands.add_parser("import-dossiers", help="nhập tệp CSV hồ sơ từ hệ thống một cửa")
    dossiers.add_argument("file", help="tệp CSV (UTF-8)")
    dossiers.set_defaults(run=_import_dossiers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    code: int = args.run(args, Settings())
    return code


if __name__ == "__main__":
    sys.exit(main())
