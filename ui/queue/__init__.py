"""The live queue dock: the board as a table, the ticket detail, actions."""
