"""Spanish catalogue: English message id -> Spanish text."""

ES: dict[str, str] = {}
