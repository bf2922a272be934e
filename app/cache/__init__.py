"""The local SQLite cache: vendor records, unified customers, search index, sync state."""
