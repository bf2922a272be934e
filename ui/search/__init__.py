"""The customer search: the box, the results table and its model."""
