"""Writes to the Playbook. Split by concept: revisions, imports, releases and exports."""
