"""Attack tests (one module per finding of the trust review)."""
