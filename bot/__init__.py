"""Waymark: a confidential safeguarding assistant for young people in care."""
