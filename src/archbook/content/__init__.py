"""Layer 2, the content model: typed data schemas, the data loader, page sources and the table helpers."""
