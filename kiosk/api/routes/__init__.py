"""Thin route modules: validate, call one service method, shape the answer."""
