"""The doors people come in by: the local web chat and Telegram."""
