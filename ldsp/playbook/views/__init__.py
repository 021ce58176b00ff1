"""Playbook pages: reading and editing sections, and releases."""
