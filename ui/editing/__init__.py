"""Editing in the window: notes, labels, the blacklist, edits, merges, audit and manager mode."""
