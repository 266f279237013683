"""Reports that answer "how many?": figures with definitions, JSON/CSV/HTML, demo data.

- ``figures``: every figure, computed from the records for a period (JSON keys in docs/reports.md).
- ``render``: JSON, CSV (no names, no message text, free text redacted) and a self-contained HTML.
- ``charts``: small stdlib SVG bar charts for the HTML report and the console page.
- ``redact``: spaCy NER plus patterns for names, phones, emails, addresses and postcodes.
- ``demo``: a realistic synthetic year for trying the reports.
"""
