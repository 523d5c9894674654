"""Linguistic layer: spaCy loading, segmentation, actors, dates and language."""
