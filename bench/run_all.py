"""Run every benchmark script in bench/ in turn (`make bench`); exits 1 if any of them fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name or script.name.startswith("_"):
            continue
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False).returncode:
            failed.append(script.name)
    if failed:
        print(f"\nMISSLYCKADES: {', '.join(failed)}")
        return 1
    print("\nAlla mätningar kördes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
