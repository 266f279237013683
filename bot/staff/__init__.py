"""Staff accounts and access: passwords, TOTP, sessions, API tokens, roles and the audit log."""
