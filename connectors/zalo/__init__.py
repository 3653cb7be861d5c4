"""Zalo Official Account: signed webhook events in, OA API v3 customer-service messages out."""
