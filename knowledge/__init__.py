"""motcua knowledge layer: procedure catalog, plan documents and hybrid retrieval."""
