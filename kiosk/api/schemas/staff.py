"""Staff console: login, the logged-in user, staff accounts."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from kiosk.api.schemas.common import DeskDateTime, Name, RequestModel
from kiosk.core.vocab import StaffRole
from kiosk.services.staff_auth import MAX_PASSWORD_CHARS, Principal, clean_username
from kiosk.store.staff import StaffUser


def _username(raw: str) -> str:
    name = clean_username(raw)
    if name is None:
        raise ValueError("chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang; 3–64 ký tự")
    return name


Username = Annotated[str, StringConstraints(max_length=64), AfterValidator(_username)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=MAX_PASSWORD_CHARS)]


class LoginIn(RequestModel):
    # Any text up to 64 characters: a malformed name is just a failed login.
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Password


class MeOut(BaseModel):
    username: str
    display_name: str
    role: StaffRole
    role_label: str
    csrf_token: str = Field(description="Gửi lại trong tiêu đề X-CSRF-Token với mọi yêu cầu ghi")

    @classmethod
    def of(cls, principal: Principal) -> MeOut:
        return cls(
            username=principal.username,
            display_name=principal.display_name,
            role=principal.role,
            role_label=principal.role.label,
            csrf_token=principal.csrf_token,
        )


class UserIn(RequestModel):
    username: Username
    display_name: Name | None = None
    role: StaffRole = StaffRole.STAFF
    password: Password


class UserOut(BaseModel):
    username: str
    display_name: str
    role: StaffRole
    active: bool
    created_at: DeskDateTime

    @classmethod
    def of(cls, user: StaffUser) -> UserOut:
        return cls(
            username=user.username,
            display_name=user.display_name,
            role=StaffRole(user.role),
            active=user.active,
            created_at=user.created_at,
        )
