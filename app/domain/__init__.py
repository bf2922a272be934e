"""Vendor-neutral customer facts: normalised text and contacts, records, identity rules."""
