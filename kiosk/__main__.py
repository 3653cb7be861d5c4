"""Command line of the kiosk.

python -m kiosk serve [--host H] [--port P]
python -m kiosk import-dossiers FILE
python -m kiosk retention [--days N]
python -m kiosk create-admin --username NAME [--password-stdin] [--role R] [--reset]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk import ops_cli, staff_cli
from kiosk.core.config import Settings
from kiosk.core.errors import ImportRejected
from kiosk.core.logs import configure_logging

# How the kiosk runs uvicorn (also what tests serve the app with).
UVICORN_OPTIONS: dict[str, Any] = {
    # X-Forwarded-* are read by the app, from MOTCUA_TRUSTED_PROXIES only (kiosk/api/proxies.py);
    # uvicorn's own reading would trust FORWARDED_ALLOW_IPS (loopback by default) first.
    "proxy_headers": False,
    "log_config": None,  # the root logger configured in main(): JSON or text
    "access_log": False,  # RequestContext logs each request by route, without query strings
}


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from kiosk.app import create_app

    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        **UVICORN_OPTIONS,
    )
    return 0


def _import_dossiers(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.runtime import essentials
    from kiosk.services.dossiers import DossierService

    try:
        with essentials(settings) as base:
            report = DossierService(base.db, base.clock).import_export(Path(args.file).read_bytes())
    except ImportRejected as rejected:
        sys.stderr.write(f"Tệp có {rejected.count} lỗi, chưa ghi hồ sơ nào:\n")
        for row in rejected.rows:
            sys.stderr.write(f"  dòng {row['row']}, cột {row['column']}: {row['message']}\n")
        return 1
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
    staff_cli.add_commands(commands)
    ops_cli.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    code: int = args.run(args, settings)
    return code


if __name__ == "__main__":
    sys.exit(main())
