"""One module per extractor; each takes a Report and returns records in document order."""
