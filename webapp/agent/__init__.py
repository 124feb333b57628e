"""Sales assistant."""
