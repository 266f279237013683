"""Rasa custom actions: thin translations of dialogue into calls on bot's domain services."""
