#!/usr/bin/env python3
"""Print TextFSM's records as JSON: textfsm_json.py TEMPLATE TEXT, or a
capture's expected records: textfsm_json.py --yaml FILE.yml. Used by
textfsm_test.go with Debian's python3-textfsm and python3-yaml."""
import json
import sys

if sys.argv[1] == "--yaml":
    import yaml
    with open(sys.argv[2]) as f:
        print(json.dumps(yaml.safe_load(f)["parsed_sample"]))
    sys.exit(0)

import textfsm

with open(sys.argv[1]) as t, open(sys.argv[2]) as f:
    fsm = textfsm.TextFSM(t)
    try:
        rows = fsm.ParseText(f.read())
    except textfsm.TextFSMError as e:
        print(f"{sys.argv[1]}: {e}", file=sys.stderr)
        sys.exit(3)
header = [h.lower() for h in fsm.header]


def none(v):
    """None as the .yml files write it."""
    if isinstance(v, list):
        return [none(x) for x in v]
    return "None" if v is None else v


print(json.dumps([dict(zip(header, [none(v) for v in r])) for r in rows]))
