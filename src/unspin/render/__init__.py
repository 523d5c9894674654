"""Human-readable views of an analysis (terminal summary; HTML report later)."""
