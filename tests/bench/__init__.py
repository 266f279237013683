"""``make bench``: the load benchmark (not collected by pytest)."""
