"""A second, fresh held-out set of outlets, written after the first set was used for tuning."""
