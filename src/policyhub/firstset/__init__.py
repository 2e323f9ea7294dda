"""policyhub.firstset."""
