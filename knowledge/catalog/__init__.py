"""The procedure catalog: schema, bundled data, loading and import."""

from knowledge.catalog.models import Procedure
from knowledge.catalog.store import Catalog, CatalogError, load_bundled, load_catalog

__all__ = ["Catalog", "CatalogError", "Procedure", "load_bundled", "load_catalog"]
