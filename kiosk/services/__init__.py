"""Domain services: pure Python over the store, no HTTP."""
