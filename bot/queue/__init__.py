"""The monitored human queue: claiming and working cases, targets, monitoring, live updates.

Opening and raising cases lives in ``bot.cases`` (the actions use it too).
"""
