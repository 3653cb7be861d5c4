"""motcua kiosk: the FastAPI backend of the one-stop desk (Bộ phận Một cửa)."""
