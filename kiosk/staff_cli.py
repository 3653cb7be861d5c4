"""`python -m kiosk create-admin`: the first account of the staff console.

    python -m kiosk create-admin --username admin            # asks for the password twice
    echo "$PASSWORD" | python -m kiosk create-admin --username admin --password-stdin
    python -m kiosk create-admin --username admin --reset    # new password, unlocks

The password is read without echo (getpass) or from standard input; it is never
printed or logged. `--role` makes a staff or supervisor account the same way.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.core.config import Settings
from kiosk.core.errors import InvalidCredentials, UsernameTaken, WeakPassword
from kiosk.core.vocab import StaffRole


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    admin = commands.add_parser(
        "create-admin", help="tạo tài khoản quản trị (hoặc cán bộ) cho trang /staff"
    )
    admin.add_argument("--username", required=True, help="tên đăng nhập, ví dụ admin")
    admin.add_argument("--name", help="họ tên hiển thị")
    admin.add_argument(
        "--role", choices=[r.value for r in StaffRole], default=StaffRole.ADMIN.value
    )
    admin.add_argument(
        "--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin"
    )
    admin.add_argument(
        "--reset", action="store_true", help="đặt lại mật khẩu của tài khoản đã có (mở khóa)"
    )
    admin.set_defaults(run=create_admin)


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        sys.stderr.write("Không có bàn phím: dùng --password-stdin để đọc mật khẩu từ stdin.\n")
        return None
    first = getpass.getpass("Mật khẩu: ")
    if first != getpass.getpass("Nhập lại mật khẩu: "):
        sys.stderr.write("Hai lần nhập mật khẩu không khớp.\n")
        return None
    return first


def create_admin(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.api.auth import auth_policy
    from kiosk.runtime import essentials
    from kiosk.services.staff_auth import StaffAuthService, clean_username

    username = clean_username(args.username)
    if username is None:
        sys.stderr.write(
            "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang (3–64 ký tự).\n"
        )
        return 2
    password = _read_password(args)
    if password is None:
        return 2
    try:
        with essentials(settings) as base:
            auth = StaffAuthService(base.db, base.clock, auth_policy(settings))
            if args.reset:
                auth.reset_password(username, password)
            else:
                auth.create_user(username, password, StaffRole(args.role), args.name)
    except WeakPassword as weak:
        sys.stderr.write(f"Mật khẩu cần ít nhất {weak.min_length} ký tự.\n")
        return 1
    except UsernameTaken:
        sys.stderr.write(f"Tên đăng nhập «{username}» đã có; dùng --reset để đổi mật khẩu.\n")
        return 1
    except InvalidCredentials:
        sys.stderr.write(f"Chưa có tài khoản «{username}».\n")
        return 1
    done = "Đã đặt lại mật khẩu" if args.reset else f"Đã tạo tài khoản ({StaffRole(args.role)})"
    sys.stdout.write(f"{done}: {username}\n")
    return 0
