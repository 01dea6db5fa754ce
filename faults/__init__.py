"""Fault scripts (issue 5): Redis stopped during approvals, a worker killed in the middle of
a recompute, PostgreSQL restarted under load, each against private servers the scripts
start themselves. Run `python -m faults all`; see faults/README.md and docs/faults.md.
"""
