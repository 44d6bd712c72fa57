"""Package data: the shipped knowledge entries (YAML). A package so that wheels include them."""
