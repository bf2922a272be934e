"""Widgets, models and helpers every panel of the window shares."""
