"""Learner continuum: frameworks, evidence and mastery."""
