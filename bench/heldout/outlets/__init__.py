"""One module per held-out outlet: `<name>(rng) -> Page`."""
