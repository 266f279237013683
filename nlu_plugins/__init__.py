"""Custom Rasa NLU components (loaded by the Rasa server from the repository root)."""
