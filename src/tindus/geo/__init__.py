"""Framework-free geometry helpers (no Django import): projection and SVG maps."""
