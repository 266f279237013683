"""The message path shared by every channel: inbox, safety net, Rasa or case thread, outbox."""
