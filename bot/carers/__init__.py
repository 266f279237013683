"""Carers out of hours: placements and their children, enrolment codes, carer reports.

- ``placements``: placements, children (short codes, pseudonymous references), carer records.
- ``invites``: one-time enrolment codes that expire, and linking a conversation to a carer.
- ``reports``: a carer's missing / return / contact reports, turned into episodes and cases.
- ``guidance``: when to call 999 and when 101, per the local protocol in the settings.
"""
