"""Training of the transformer encoders (torch; never runs in CI, never imported by unspin)."""
