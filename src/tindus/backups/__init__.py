"""Backups of an installation (`tindus backup`, `tindus restore`): docs/backups-and-privacy.md."""
