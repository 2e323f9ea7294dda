"""policyhub.web."""
