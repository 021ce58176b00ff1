"""Writes for co-production. Split by concept: suggestions, comments, follows."""
