"""Plain-Python parts of the personal data tools: the files an access request is answered with."""
