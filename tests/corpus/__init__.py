"""Conversation corpus: Colombian customers of four shops talking to the assistant (see README.md)."""
