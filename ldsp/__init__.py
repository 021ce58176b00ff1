"""LDSP Hub: a platform for Local Digital Skills Partnerships."""
