"""Personal data: access requests, erasure and the audit log of both (docs/backups-and-privacy.md)."""
