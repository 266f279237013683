"""The app server: web chat, staff console, health, and the Telegram channel's lifetime."""
