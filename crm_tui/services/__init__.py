"""Domain operations in plain Python: the UI and the CLI both call these, never the models."""
