"""Plain-Python parts of backups: the manifest and the checks of a backup's files."""
