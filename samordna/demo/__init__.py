"""Demo data: two real förbund (from the seed documents) as organisation JSON, plus demo logins.

`samordna demo` runs the steps listed in samordna/demo/steps.py; each app can add its own step there.
"""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "Samordna-demo-2026"
