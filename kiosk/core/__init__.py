"""Settings, clock and domain errors shared by every kiosk module."""
