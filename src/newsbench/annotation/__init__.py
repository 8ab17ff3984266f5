"""From two annotation passes to gold: rounds and status, agreement, adjudication, standoff passes, their CLI."""
