"""The safety net: a Rasa-independent screen of every message."""
