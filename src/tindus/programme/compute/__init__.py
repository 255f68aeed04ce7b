"""Plain-Python arithmetic of the programme's steering (no Django import)."""
