"""Server-rendered pages, one router per system."""
