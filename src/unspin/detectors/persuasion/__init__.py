"""Persuasion techniques, genre and frames (SemEval-2020 Task 11 / SemEval-2023 Task 3)."""
