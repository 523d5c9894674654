"""Training of the persuasion baseline (scikit-learn; never runs in CI)."""
