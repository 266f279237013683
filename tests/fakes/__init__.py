"""Local stand-ins for services on the internet (the Telegram Bot API)."""
