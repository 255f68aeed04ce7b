"""Land: the legal inventory of economic activity zones (CNIG « Sites économiques »), brownfields (CNIG « Friches »),
and offers of plots and premises matched to companies' needs (docs/land.md)."""
